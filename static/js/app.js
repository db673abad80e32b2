// Small page behaviour only; every page works without it.
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
});

document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-menu-toggle]");
  if (!toggle) return;
  const open = toggle.closest(".topbar").classList.toggle("open");
  toggle.setAttribute("aria-expanded", String(open));
  // On a phone the opened menu shows every group's entries at once.
  if (open) document.querySelectorAll("#main-nav details.nav-group").forEach((group) => { group.open = true; });
});

// On a wide screen the menu groups are dropdowns: one open at a time, closed by a click elsewhere or Escape.
const wideNav = window.matchMedia("(min-width: 800px)");
function closeNavGroups(except) {
  document.querySelectorAll("#main-nav details.nav-group[open]").forEach((group) => {
    if (group !== except) group.open = false;
  });
}
document.addEventListener("click", (event) => {
  if (wideNav.matches) closeNavGroups(event.target.closest("details.nav-group"));
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && wideNav.matches) closeNavGroups(null);
});

// A field marked data-shown-when="other_field=value" shows only while that choice is made.
function syncShownWhen(form) {
  form.querySelectorAll("[data-shown-when]").forEach((element) => {
    const [name, value] = element.dataset.shownWhen.split("=");
    const chosen = form.querySelector(`[name="${name}"]:checked`) || form.querySelector(`select[name="${name}"]`);
    (element.closest(".field") || element).hidden = Boolean(chosen) && chosen.value !== value;
  });
}
document.addEventListener("change", (event) => {
  if (event.target.form) syncShownWhen(event.target.form);
});
document.addEventListener("DOMContentLoaded", () => document.querySelectorAll("form").forEach(syncShownWhen));
