// Spreadsheet habits for tables of form fields marked <table data-grid>.
//
// The form works without this file: the server reads "£1,234", "1234.5" and "(200)" alike and
// is the only judge of what is valid. This adds what officers expect from Excel: pasting a block
// copied from a spreadsheet into the cells from the focused one, arrow keys and Enter to move,
// figures shown with thousands separators, live totals and a note of unsaved changes.
//
//   <table data-grid>                         a grid; rows are its tbody rows
//     <input data-grid-money>                 a money cell: formatted, and counted in totals
//     <td data-grid-row-total>                this row's total of its money cells
//     <td data-grid-column-total="2">         the total of the money cells in column 2 (from 0)
//   <p data-grid-unsaved="id of the table">   where unsaved changes are announced

const CONTROLS = "input:not([type=hidden]), select, textarea";

// ---- Money, in whole pence so totals add up exactly -------------------------------------------

/** Pence from what an officer typed or pasted, or null when it is not an amount (or blank). */
export function parsePence(text) {
  let raw = String(text).trim();
  if (raw === "") return null;
  let negative = false;
  if (raw.startsWith("(") && raw.endsWith(")")) {
    negative = true;
    raw = raw.slice(1, -1);
  }
  raw = raw.replace(/[£,\s]/g, "");
  if (raw.startsWith("-")) {
    negative = !negative;
    raw = raw.slice(1);
  }
  const match = /^(\d*)(?:\.(\d{0,2}))?$/.exec(raw);
  if (!match || (match[1] === "" && !match[2])) return null;
  const pence = Number(match[1] || "0") * 100 + Number((match[2] || "").padEnd(2, "0"));
  if (!Number.isSafeInteger(pence)) return null;
  return negative ? -pence : pence;
}

function digits(pence) {
  const pounds = Math.floor(Math.abs(pence) / 100).toLocaleString("en-GB");
  return `${pounds}.${String(Math.abs(pence) % 100).padStart(2, "0")}`;
}

/** A cell's figure as it is shown while editing: 1,234.50 or -200.00. */
export function formatFigure(pence) {
  return (pence < 0 ? "-" : "") + digits(pence);
}

/** A total as the server shows money: £1,234.50 or -£200.00 (mkip.money.format_gbp). */
export function formatGbp(pence) {
  return (pence < 0 ? "-£" : "£") + digits(pence);
}

// ---- The grid as rows and columns of controls --------------------------------------------------

function matrix(table) {
  return Array.from(table.tBodies)
    .flatMap((body) => Array.from(body.rows))
    .map((row) => Array.from(row.cells).map((cell) => cell.querySelector(CONTROLS)).filter(Boolean));
}

function position(rows, control) {
  for (let r = 0; r < rows.length; r += 1) {
    const c = rows[r].indexOf(control);
    if (c !== -1) return [r, c];
  }
  return null;
}

function isText(control) {
  return control.tagName === "TEXTAREA" || (control.tagName === "INPUT" && control.type === "text");
}

function moveFocus(rows, r, c) {
  const target = rows[r] && rows[r][Math.min(c, rows[r].length - 1)];
  if (!target) return false;
  target.focus();
  if (isText(target)) target.select();
  return true;
}

// Left and right move between cells only from the ends of the text, so they still move the caret
// inside a figure being typed; up, down and Enter always move, as in a spreadsheet.
function onKeydown(table, event) {
  const control = event.target;
  if (event.altKey || event.ctrlKey || event.metaKey || !control.matches(CONTROLS)) return;
  const rows = matrix(table);
  const here = position(rows, control);
  if (!here) return;
  const [r, c] = here;
  const text = isText(control);
  const atStart = text && control.selectionStart === 0 && control.selectionEnd === 0;
  const atEnd = text && control.selectionStart === control.value.length && control.selectionEnd === control.value.length;
  const allSelected = text && control.selectionStart === 0 && control.selectionEnd === control.value.length;
  let moved = false;
  if (control.tagName === "SELECT" && (event.key === "ArrowUp" || event.key === "ArrowDown")) return;
  if (event.key === "ArrowUp" || (event.key === "Enter" && event.shiftKey && text)) moved = moveFocus(rows, r - 1, c);
  else if (event.key === "ArrowDown" || (event.key === "Enter" && text)) moved = moveFocus(rows, r + 1, c);
  else if (event.key === "ArrowLeft" && (atStart || allSelected || !text)) moved = moveFocus(rows, r, c - 1);
  else if (event.key === "ArrowRight" && (atEnd || allSelected || !text)) moved = moveFocus(rows, r, c + 1);
  // Enter in a figure never submits the whole grid by accident, even on the last row.
  if (moved || (event.key === "Enter" && text)) event.preventDefault();
}

// ---- Pasting a block from Excel or LibreOffice -------------------------------------------------

/** Rows of cells from a spreadsheet's clipboard text: tabs between cells, newlines between rows. */
export function parseBlock(text) {
  const rows = text.replace(/\r\n?/g, "\n").replace(/\n$/, "").split("\n");
  return rows.map((row) => row.split("\t"));
}

function setValue(control, value) {
  const wanted = value.trim();
  if (control.tagName === "SELECT") {
    const option = Array.from(control.options).find(
      (o) => o.value === wanted || o.text.trim().toLowerCase() === wanted.toLowerCase(),
    );
    if (!option) return false;
    control.value = option.value;
  } else if (control.type === "checkbox") {
    control.checked = /^(yes|y|true|1|x)$/i.test(wanted);
  } else {
    control.value = wanted;
    if (control.hasAttribute("data-grid-money")) formatCell(control);
  }
  control.dispatchEvent(new Event("input", { bubbles: true }));
  control.dispatchEvent(new Event("change", { bubbles: true }));
  return true;
}

function onPaste(table, event, announce) {
  const control = event.target;
  const text = event.clipboardData && event.clipboardData.getData("text/plain");
  if (!text || !/[\t\n]/.test(text.replace(/\r?\n$/, ""))) return; // one value: the browser pastes it
  const rows = matrix(table);
  const here = position(rows, control);
  if (!here) return;
  event.preventDefault();
  const block = parseBlock(text);
  let placed = 0;
  let outside = 0;
  block.forEach((cells, i) => {
    cells.forEach((value, j) => {
      const target = rows[here[0] + i] && rows[here[0] + i][here[1] + j];
      if (target && setValue(target, value)) placed += 1;
      else outside += 1;
    });
  });
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  announce(
    `Pasted ${plural(placed, "cell")}` +
      (outside ? `; ${plural(outside, "value")} did not fit the grid and ${outside === 1 ? "was" : "were"} left out.` : "."),
  );
}

// ---- Formatting, totals and the unsaved-changes note ------------------------------------------

function formatCell(input) {
  const pence = parsePence(input.value);
  if (pence !== null) input.value = formatFigure(pence);
}

function changedCount(table) {
  let changed = 0;
  table.querySelectorAll(CONTROLS).forEach((control) => {
    if (control.type === "checkbox") {
      if (control.checked !== control.defaultChecked) changed += 1;
    } else if (control.tagName === "SELECT") {
      if (Array.from(control.options).some((o) => o.selected !== o.defaultSelected)) changed += 1;
    } else if (control.hasAttribute("data-grid-money")) {
      const now = parsePence(control.value);
      // Against the saved figure, so a page shown again with a mistake still counts what is unsaved.
      const saved = control.getAttribute("data-grid-saved") ?? "";
      if (now !== parsePence(saved) || (now === null && control.value.trim() !== "")) changed += 1;
    } else if (control.value !== control.defaultValue) changed += 1;
  });
  return changed;
}

function updateTotals(table) {
  const columns = [];
  Array.from(table.tBodies).forEach((body) => {
    Array.from(body.rows).forEach((row) => {
      let rowTotal = 0;
      row.querySelectorAll("input[data-grid-money]").forEach((input, c) => {
        const pence = parsePence(input.value) || 0;
        rowTotal += pence;
        columns[c] = (columns[c] || 0) + pence;
      });
      const cell = row.querySelector("[data-grid-row-total]");
      if (cell) cell.textContent = formatGbp(rowTotal);
    });
  });
  table.querySelectorAll("[data-grid-column-total]").forEach((cell) => {
    const c = Number(cell.getAttribute("data-grid-column-total"));
    cell.textContent = formatGbp(columns[c] || 0);
  });
  const grand = table.querySelector("[data-grid-grand-total]");
  if (grand) grand.textContent = formatGbp(columns.reduce((sum, pence) => sum + (pence || 0), 0));
}

function enhance(table) {
  const note = document.querySelector(`[data-grid-unsaved="${table.id}"]`);
  const status = document.querySelector(`[data-grid-status="${table.id}"]`);
  const announce = (message) => {
    if (status) status.textContent = message;
  };
  const refresh = () => {
    updateTotals(table);
    if (!note) return;
    const changed = changedCount(table);
    note.textContent = changed
      ? `${changed} ${changed === 1 ? "cell has" : "cells have"} changed and ${changed === 1 ? "is" : "are"} not saved yet.`
      : "";
  };
  table.querySelectorAll("input[data-grid-money]").forEach((input) => {
    formatCell(input);
    input.addEventListener("blur", () => {
      formatCell(input);
      refresh();
    });
  });
  table.addEventListener("keydown", (event) => onKeydown(table, event));
  table.addEventListener("paste", (event) => onPaste(table, event, announce));
  table.addEventListener("input", refresh);
  table.addEventListener("change", refresh);
  table.setAttribute("data-grid-ready", "");
  refresh();
}

document.querySelectorAll("table[data-grid]").forEach(enhance);
