// A background job's progress page follows the job by itself: every few seconds it reads the
// same address again and swaps in the new figures; once the job is done the address answers with
// the result (the import's preview), and the page shows it. Without the script the
// "Check progress" button does the same by hand.
const EVERY_MS = 2000;
const progress = document.getElementById("job-progress");
const announce = document.getElementById("job-announce");

function milestone(percent) {
  return Math.floor(percent / 25);
}

async function follow() {
  let shown = progress.dataset.jobPercent;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, EVERY_MS));
    let response;
    try {
      response = await fetch(window.location.href, { headers: { "X-Requested-With": "progress" } });
    } catch {
      continue; // the server is restarting or the network dropped: try again next time
    }
    if (!response.ok) continue;
    const next = new DOMParser().parseFromString(await response.text(), "text/html");
    const figures = next.getElementById("job-progress");
    if (!figures) {
      window.location.reload(); // done: the same address now answers with the result
      return;
    }
    progress.innerHTML = figures.innerHTML;
    document.title = next.title;
    const percent = Number(figures.dataset.jobPercent);
    if (milestone(percent) !== milestone(Number(shown))) {
      announce.textContent = `${percent}% of the file read.`;
    }
    shown = percent;
  }
}

if (progress && announce) {
  document.getElementById("job-check")?.classList.add("govuk-!-display-none");
  follow();
}
