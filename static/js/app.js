// Small page behaviour only; every page works without it.
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
});

document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-menu-toggle]");
  if (!toggle) return;
  const open = toggle.closest(".topbar").classList.toggle("open");
  toggle.setAttribute("aria-expanded", String(open));
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

document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

// Forms marked data-check: what the server would refuse for being empty is said before anything is sent (so
// the photos chosen are kept), a text with a length cap shows how much is left, and photos are checked for
// size and shrunk on the phone before the upload. The server checks everything again; the words come from
// the form's data-msg-* attributes, in the page's language.
function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => values[key]);
}

function clientError(field, message) {
  const box = field.closest(".field") || field.parentElement;
  const error = document.createElement("div");
  error.className = "error";
  error.dataset.clientError = "";
  error.setAttribute("role", "alert");
  error.textContent = message;
  box.appendChild(error);
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches("form[data-check]")) return;
  form.querySelectorAll("[data-client-error]").forEach((error) => error.remove());
  if (form.dataset.busy) {
    event.preventDefault();
    return;
  }
  const empty = Array.from(form.querySelectorAll("[required]")).filter(
    (field) => !field.disabled && !(field.closest(".field") || field).hidden && !String(field.value).trim());
  empty.forEach((field) => clientError(field, field.tagName === "SELECT" ? form.dataset.msgChoose : form.dataset.msgRequired));
  if (empty.length) {
    event.preventDefault();
    empty[0].focus();
  }
});

function counter(textarea) {
  const form = textarea.form;
  const shown = document.createElement("small");
  shown.className = "help counter";
  shown.dataset.counter = "";
  const update = () => {
    shown.textContent = fill(form.dataset.msgCount, {n: textarea.value.length, max: textarea.maxLength});
    shown.classList.toggle("error", textarea.value.length >= textarea.maxLength);
  };
  textarea.addEventListener("input", update);
  textarea.insertAdjacentElement("afterend", shown);
  update();
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-check] textarea[maxlength]").forEach(counter);
});

const SHRINK_ABOVE = 1.5 * 1024 * 1024; // a phone photo of several MB goes up as a JPEG of a few hundred KB
const LONGEST_SIDE = 2048;

async function shrink(file) {
  if (!/^image\/(jpeg|png|webp)$/.test(file.type) || file.size <= SHRINK_ABOVE || !window.createImageBitmap) return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((done) => canvas.toBlob(done, "image/jpeg", 0.85));
    if (!blob || blob.size >= file.size) return file;
    return new File([blob], file.name.replace(/\.\w+$/, "") + ".jpg", {type: "image/jpeg", lastModified: Date.now()});
  } catch (error) {
    return file; // the server judges what the browser could not read
  }
}

document.addEventListener("change", async (event) => {
  const input = event.target;
  if (!input.matches('form[data-check] input[type="file"][data-max-bytes]')) return;
  if (input.dataset.checked) {
    delete input.dataset.checked;
    return;
  }
  const form = input.form;
  const limit = Number(input.dataset.maxBytes);
  (input.closest(".field") || input.parentElement).querySelectorAll("[data-client-error]").forEach((e) => e.remove());
  form.dataset.busy = "1";
  const note = document.createElement("small");
  note.className = "help";
  note.textContent = form.dataset.msgShrinking;
  input.insertAdjacentElement("afterend", note);
  const kept = new DataTransfer();
  for (const file of Array.from(input.files)) {
    const sent = await shrink(file);
    if (sent.size > limit) {
      clientError(input, fill(form.dataset.msgTooBig, {name: file.name, limit: Math.round(limit / 1048576)}));
    } else {
      kept.items.add(sent);
    }
  }
  note.remove();
  delete form.dataset.busy;
  input.files = kept.files;
  input.dataset.checked = "1";
  input.dispatchEvent(new Event("change", {bubbles: true})); // the thumbnails follow what will be sent
});

// A field's own message goes once the person changes it.
["input", "change"].forEach((kind) => document.addEventListener(kind, (event) => {
  const field = event.target;
  if (!field.form || !field.form.matches("form[data-check]") || field.type === "file") return;
  (field.closest(".field") || field.parentElement).querySelectorAll("[data-client-error]").forEach((e) => e.remove());
}));
