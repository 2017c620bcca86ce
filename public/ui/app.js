// @ts-check
// Heimdall's web UI, its one client script. The Worker renders every page; this adds what needs a
// browser: JSON forms that call /api/* and show its 400s next to the field named by `param`, plugin
// switches and one-click actions, the sequence editor (drag and drop, and Alt+Arrow keys), the log
// filters' local times, and the one-time display of a new virtual key's value. The session cookie
// authenticates every call; the admin token is never seen here.

/** @param {string} message */
function announce(message) {
  const el = document.getElementById('announcer');
  if (el) el.textContent = message;
}

class ApiError extends Error {
  /** @param {string} message @param {string | null} param */
  constructor(message, param) {
    super(message);
    this.param = param;
  }
}

/** @param {string} url @param {string} method @param {unknown} [body] */
async function callApi(url, method, body) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(data?.error?.message ?? `${res.status} ${res.statusText}`, data?.error?.param ?? null);
  return data;
}

/** @param {unknown} err */
function showPageError(err) {
  const el = document.getElementById('page-error');
  const message = err instanceof Error ? err.message : String(err);
  if (el) {
    el.textContent = message;
    el.hidden = false;
  }
  announce(message);
}

// ---- JSON forms -------------------------------------------------------------------------------

/** @param {Record<string, unknown>} target @param {string[]} path @param {unknown} value */
function setPath(target, path, value) {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = /** @type {Record<string, unknown>} */ (node[key]);
  }
  node[/** @type {string} */ (path.at(-1))] = value;
}

/** The form's fields as the API's JSON body: `name` is a dotted path, `data-kind` the type. */
function readForm(/** @type {HTMLFormElement} */ form) {
  /** @type {Record<string, unknown>} */
  const body = {};
  // A config form whose fields are all left empty still sends `config: {}`, so the defaults apply.
  if (form.dataset.ensure) body[form.dataset.ensure] = {};
  for (const el of form.querySelectorAll('[name][data-kind]')) {
    const field = /** @type {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement} */ (el);
    const kind = field.dataset.kind;
    const empty = field.dataset.empty ?? 'omit';
    let value;
    const text = field.value.trim();
    if (kind === 'boolean') value = /** @type {HTMLInputElement} */ (field).checked;
    else if (text === '') {
      if (empty === 'omit') continue;
      value = empty === 'null' ? null : kind === 'lines' ? [] : '';
    } else if (kind === 'number' || kind === 'integer') value = Number(text);
    else if (kind === 'lines') value = text.split('\n').map((s) => s.trim()).filter(Boolean);
    else if (kind === 'json') {
      try {
        value = JSON.parse(text);
      } catch {
        throw new ApiError(`${field.name}: not valid JSON`, field.name);
      }
    } else value = text;
    setPath(body, field.name.split('.'), value);
  }
  return body;
}

/** The error element of the field that `param` names, or of its closest enclosing field. */
function errorTarget(/** @type {HTMLFormElement} */ form, /** @type {string | null} */ param) {
  if (!param) return null;
  /** @type {HTMLElement | null} */
  let best = null;
  for (const el of form.querySelectorAll('[data-error-for]')) {
    const key = /** @type {HTMLElement} */ (el).dataset.errorFor ?? '';
    if ((param === key || param.startsWith(`${key}.`)) && key.length > (best?.dataset.errorFor?.length ?? -1)) best = /** @type {HTMLElement} */ (el);
  }
  return best;
}

function clearErrors(/** @type {HTMLFormElement} */ form) {
  for (const el of form.querySelectorAll('[data-error-for], [data-form-error]')) /** @type {HTMLElement} */ (el).hidden = true;
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

function showFormError(/** @type {HTMLFormElement} */ form, /** @type {unknown} */ err) {
  const message = err instanceof Error ? err.message : String(err);
  const target = errorTarget(form, err instanceof ApiError ? err.param : null);
  const el = target ?? /** @type {HTMLElement | null} */ (form.querySelector('[data-form-error]'));
  if (!el) return showPageError(err);
  el.textContent = message;
  el.hidden = false;
  if (target) {
    const field = /** @type {HTMLElement | null} */ (form.querySelector(`[name="${target.dataset.errorFor}"]`));
    field?.setAttribute('aria-invalid', 'true');
    field?.focus();
  }
  announce(message);
}

/** A created virtual key's value, shown once, never stored. */
function showSecret(/** @type {string} */ value) {
  const box = document.getElementById('new-key');
  const code = box?.querySelector('[data-secret]');
  if (!box || !code) return;
  code.textContent = value;
  box.hidden = false;
  box.querySelector('button')?.focus();
  announce('Key created. Copy it now: it is not shown again.');
}

document.addEventListener('submit', async (event) => {
  const form = /** @type {HTMLFormElement} */ (event.target);
  if (!form.dataset.api) return;
  event.preventDefault();
  clearErrors(form);
  try {
    const result = await callApi(form.dataset.api, form.dataset.method ?? 'POST', readForm(form));
    if (form.dataset.onSuccess === 'show-secret') {
      form.reset();
      showSecret(result.value);
    } else {
      announce('Saved.');
      location.reload();
    }
  } catch (err) {
    showFormError(form, err);
  }
});

// ---- Buttons and switches ---------------------------------------------------------------------

document.addEventListener('click', async (event) => {
  const button = /** @type {HTMLElement} */ (event.target).closest('button');
  if (!button) return;
  if (button.matches('[data-reload]')) return location.reload();
  if (button.matches('[data-copy-secret]')) {
    const secret = document.querySelector('#new-key [data-secret]')?.textContent ?? '';
    return navigator.clipboard.writeText(secret).then(
      () => announce('Copied.'),
      () => announce('Copying is not allowed here: select the key and copy it.'),
    );
  }
  if (button.dataset.api) {
    // A destructive action asks twice: the first click arms it for a few seconds.
    if (button.dataset.confirm && button.dataset.armed !== 'true') {
      button.dataset.armed = 'true';
      const label = button.textContent;
      button.textContent = 'Click again to confirm';
      announce(button.dataset.confirm);
      setTimeout(() => {
        button.dataset.armed = 'false';
        button.textContent = label;
      }, 5000);
      return;
    }
    try {
      await callApi(button.dataset.api, button.dataset.method ?? 'POST', button.dataset.body ? JSON.parse(button.dataset.body) : undefined);
      location.reload();
    } catch (err) {
      showPageError(err);
    }
  }
});

document.addEventListener('change', async (event) => {
  const input = /** @type {HTMLInputElement} */ (event.target);
  const name = input.dataset.togglePlugin;
  if (!name) return;
  try {
    await callApi(`/api/plugins/${encodeURIComponent(name)}`, 'PUT', { enabled: input.checked });
    announce(`${name} ${input.checked ? 'enabled' : 'disabled'}.`);
    location.reload();
  } catch (err) {
    input.checked = !input.checked;
    showPageError(err);
  }
});

// ---- The sequence editor ----------------------------------------------------------------------

const list = document.getElementById('sequence-list');
const editor = document.getElementById('sequence-editor');

/** Where an item now sits, in words, for the live region. */
function describePosition(/** @type {HTMLElement} */ item) {
  const items = [...(list?.children ?? [])];
  const block = items.findIndex((el) => el.matches('[data-builtin-block]'));
  const index = items.indexOf(item);
  const group = index < block ? 'before the built-in plugins' : 'after the built-in plugins';
  const position = index < block ? index + 1 : index - block;
  return `${item.dataset.name}: position ${position} ${group}.`;
}

/** Moves an item one place; the built-in block moves past it, never with it. */
function move(/** @type {HTMLElement} */ item, /** @type {'up' | 'down'} */ direction) {
  if (!list) return;
  if (direction === 'up' && item.previousElementSibling) list.insertBefore(item, item.previousElementSibling);
  else if (direction === 'down' && item.nextElementSibling) list.insertBefore(item.nextElementSibling, item);
  else return announce(`${item.dataset.name} is already ${direction === 'up' ? 'first' : 'last'}.`);
  item.focus();
  announce(describePosition(item));
}

/** Above the block = pre_builtin, below = post_builtin; position within the group = order. */
function readSequence() {
  /** @type {{ name: string, placement: string, order: number }[]} */
  const plugins = [];
  let placement = 'pre_builtin';
  let order = 0;
  for (const el of list?.children ?? []) {
    const item = /** @type {HTMLElement} */ (el);
    if (item.matches('[data-builtin-block]')) {
      placement = 'post_builtin';
      order = 0;
    } else if (item.dataset.name) plugins.push({ name: item.dataset.name, placement, order: order++ });
  }
  return plugins;
}

if (list && editor) {
  /** @type {HTMLElement | null} */
  let dragged = null;
  document.getElementById('edit-sequence')?.addEventListener('click', (event) => {
    editor.hidden = false;
    /** @type {HTMLElement} */ (event.currentTarget).setAttribute('aria-expanded', 'true');
    /** @type {HTMLElement | null} */ (list.querySelector('.sequence-item'))?.focus();
  });
  document.getElementById('cancel-sequence')?.addEventListener('click', () => location.reload());
  document.getElementById('save-sequence')?.addEventListener('click', async () => {
    const error = /** @type {HTMLElement} */ (editor.querySelector('[data-form-error]'));
    error.hidden = true;
    try {
      await callApi('/api/plugins/sequence', 'PUT', { plugins: readSequence() });
      announce('Sequence saved.');
      location.reload();
    } catch (err) {
      error.textContent = err instanceof Error ? err.message : String(err);
      error.hidden = false;
    }
  });
  list.addEventListener('keydown', (event) => {
    const item = /** @type {HTMLElement} */ (event.target);
    if (!item.matches('.sequence-item') || !event.altKey) return;
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      move(item, event.key === 'ArrowUp' ? 'up' : 'down');
    }
  });
  list.addEventListener('click', (event) => {
    const button = /** @type {HTMLElement} */ (event.target).closest('button[data-move]');
    const item = /** @type {HTMLElement | null} */ (button?.closest('.sequence-item') ?? null);
    if (button && item) move(item, /** @type {'up' | 'down'} */ (/** @type {HTMLElement} */ (button).dataset.move));
  });
  list.addEventListener('dragstart', (event) => {
    dragged = /** @type {HTMLElement} */ (event.target).closest('.sequence-item');
    if (!dragged || !event.dataTransfer) return;
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', dragged.dataset.name ?? '');
    dragged.classList.add('dragging');
  });
  list.addEventListener('dragover', (event) => {
    if (!dragged) return;
    event.preventDefault();
    const over = /** @type {HTMLElement} */ (event.target).closest('li');
    if (!over || over === dragged || over.parentElement !== list) return;
    const box = over.getBoundingClientRect();
    list.insertBefore(dragged, event.clientY < box.top + box.height / 2 ? over : over.nextElementSibling);
  });
  list.addEventListener('drop', (event) => {
    event.preventDefault();
    if (dragged) announce(describePosition(dragged));
  });
  list.addEventListener('dragend', () => {
    dragged?.classList.remove('dragging');
    dragged = null;
  });
}

// ---- Log filters: local date-times in the form, epoch milliseconds in the URL -----------------

const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
const toLocalInput = (/** @type {Date} */ d) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

for (const form of document.querySelectorAll('form[data-log-filters]')) {
  const filters = /** @type {HTMLFormElement} */ (form);
  const pairs = [...filters.querySelectorAll('[data-ms-for]')].map((el) => {
    const local = /** @type {HTMLInputElement} */ (el);
    const hidden = /** @type {HTMLInputElement} */ (filters.querySelector(`input[name="${local.dataset.msFor}"]`));
    if (hidden.value) local.value = toLocalInput(new Date(Number(hidden.value)));
    return { local, hidden };
  });
  filters.addEventListener('submit', () => {
    for (const { local, hidden } of pairs) hidden.value = local.value ? String(new Date(local.value).getTime()) : '';
    // Empty filters stay out of the URL.
    for (const el of filters.querySelectorAll('[name]')) {
      const field = /** @type {HTMLInputElement} */ (el);
      if (field.value === '') field.disabled = true;
    }
  });
}
