// Loaded as a module, so only browsers GOV.UK Frontend supports run it; no inline script needed.
import { initAll } from "/static/dist/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
