// The administrator's page: the import wizard, live progress and results, on the JSON API.
// Routes (in the address's fragment, so that the back button and reloading work):
//   #/accounts/{accountId}                      the wizard and the account's imports
//   #/accounts/{accountId}/imports/{importId}   one import: progress, then its results
import { ApiProblem, accountPath, call, importPath, useCsrf } from './api.js';
import { $, bytes, count, el, pager, show, table, when } from './dom.js';

const PAGE_SIZE = 50;
const FINAL = ['VALIDATION_FAILED', 'NOT_ENOUGH_LICENSES', 'VALIDATED', 'COMPLETED', 'REJECTED_IMPORT_RUNNING'];
const STATUS_LABEL = {
  VALIDATING: 'Validating',
  VALIDATION_FAILED: 'Validation failed',
  NOT_ENOUGH_LICENSES: 'Not enough licences',
  VALIDATED: 'Validated',
  IN_PROGRESS: 'Creating users',
  COMPLETED: 'Completed',
  REJECTED_IMPORT_RUNNING: 'Refused: another import running',
};
const STATUS_TEXT = {
  VALIDATING: 'Every row is being checked against the rules and the account.',
  VALIDATION_FAILED: 'Some rows have errors. Nothing was created.',
  NOT_ENOUGH_LICENSES: 'The account does not have enough free licences. Nothing was created.',
  VALIDATED: 'Every row passed and there are enough licences. Nothing was created (validate only).',
  IN_PROGRESS: 'Users are being created one by one.',
  COMPLETED: 'Finished.',
  REJECTED_IMPORT_RUNNING: 'Another import of this account was still running, so this one was refused. Nothing was checked or created.',
};

const state = {
  me: null,
  account: null, // the chosen account: { accountId, onPremisesIntegration, installedServices, missingServices, ... }
  file: null, // the chosen file once it passed the file checks
  stream: null, // the open progress stream
  retry: null, // the timer that follows the import again after its stream was refused
  lastStatus: null, // the status last shown of the import followed (announced when it changes)
  shown: null, // the import shown: { accountId, importId }
};

/** The longest wait between two looks at an import whose progress stream the server refuses. */
const MAX_RETRY_MS = 10000;

// ---- Start --------------------------------------------------------------------------------------

async function start() {
  try {
    state.me = await call('/api/me');
  } catch (e) {
    return showPageError(e);
  }
  useCsrf(state.me.csrf);
  $('signed-in-as').textContent = state.me.name;
  if (state.me.csrf) {
    $('sign-out-csrf').name = state.me.csrf.parameterName;
    $('sign-out-csrf').value = state.me.csrf.token;
  }
  $('file-limits').textContent = 'CSV, up to ' + count(state.me.limits.maxRows) + ' users and '
    + bytes(state.me.limits.maxFileBytes) + '.';
  setUpAccounts();
  setUpWizard();
  window.addEventListener('hashchange', route);
  route();
}

function showPageError(e) {
  const box = $('page-error');
  box.textContent = e.message || String(e);
  box.hidden = false;
}

function announce(text) {
  $('status-announcer').textContent = text;
}

// ---- Accounts -----------------------------------------------------------------------------------

function setUpAccounts() {
  const accounts = state.me.accounts;
  if (accounts.length === 0) {
    $('no-accounts').hidden = false;
    return;
  }
  $('account-bar').hidden = false;
  if (accounts.length === 1) {
    $('account-single').hidden = false;
  } else {
    $('account-chooser').hidden = false;
    const select = $('account');
    accounts.forEach((a) => select.append(el('option', { value: a.accountId }, a.accountId)));
    select.addEventListener('change', () => { location.hash = '#/accounts/' + encodeURIComponent(select.value); });
  }
}

function parseRoute() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  return {
    accountId: parts[0] === 'accounts' ? parts[1] : null,
    importId: parts[0] === 'accounts' && parts[2] === 'imports' ? parts[3] : null,
  };
}

function route() {
  const accounts = state.me.accounts;
  if (accounts.length === 0) return;
  const { accountId, importId } = parseRoute();
  const account = accounts.find((a) => a.accountId === accountId);
  if (!account) {
    location.replace('#/accounts/' + encodeURIComponent(accounts[0].accountId));
    return;
  }
  if (state.account !== account) {
    chooseAccount(account);
  }
  if (importId) {
    showImport(account.accountId, importId);
  } else {
    showWizard();
  }
  loadHistory();
}

function chooseAccount(account) {
  state.account = account;
  $('account-name').textContent = account.accountId;
  $('account').value = account.accountId;
  $('download-template').href = accountPath(account.accountId) + '/template';
  $('template-hint').textContent = account.onPremisesIntegration
    ? 'This account has on-premises integration: the template includes the Cloud Extension and SIP Tie Trunk Name columns, for Bridge users.'
    : 'The template has the columns this account uses (no on-premises columns).';
  const missing = account.missingServices;
  const notice = $('services-notice');
  notice.hidden = missing.length === 0;
  notice.textContent = missing.length === 0 ? ''
    : 'Not installed on this account: ' + missing.join(', ') + '. You can go on: users get the installed services ('
      + account.installedServices.join(', ') + '), or install the missing ones first from the Services menu.';
  clearFile();
}

// ---- The wizard ---------------------------------------------------------------------------------

function setUpWizard() {
  const input = $('file');
  input.addEventListener('change', () => { if (input.files.length) chooseFile(input.files[0]); });
  const zone = $('drop-zone');
  ['dragenter', 'dragover'].forEach((type) => zone.addEventListener(type, (e) => {
    e.preventDefault();
    zone.classList.add('dragging');
  }));
  ['dragleave', 'drop'].forEach((type) => zone.addEventListener(type, () => zone.classList.remove('dragging')));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    const files = e.dataTransfer && e.dataTransfer.files;
    if (files && files.length) {
      try { input.files = files; } catch (ignored) { /* older browsers: the name is shown below anyway */ }
      chooseFile(files[0]);
    }
  });
  document.querySelectorAll('input[name=passwordDelivery]').forEach((r) => r.addEventListener('change', deliveryChanged));
  $('password-address').addEventListener('input', () => setAddressError(null));
  $('validate-only').addEventListener('change', () => {
    $('start-import').textContent = $('validate-only').checked ? 'Start validation' : 'Start import';
  });
  $('import-form').addEventListener('submit', (e) => { e.preventDefault(); startImport(); });
  $('new-import').addEventListener('click', (e) => {
    e.preventDefault();
    location.hash = '#/accounts/' + encodeURIComponent(state.account.accountId);
  });
}

function showWizard() {
  closeStream();
  state.shown = null;
  document.querySelector('.layout').classList.remove('showing-import');
  $('import').hidden = true;
  clearImport();
  $('wizard').hidden = false;
  $('history').hidden = false;
}

function clearFile() {
  state.file = null;
  $('file').value = '';
  $('file-chosen').hidden = true;
  $('file-check').replaceChildren();
  $('start-error').replaceChildren();
}

async function chooseFile(file) {
  state.file = null;
  $('file-name').textContent = file.name;
  $('file-size').textContent = bytes(file.size);
  $('file-chosen').hidden = false;
  $('start-error').replaceChildren();
  const result = $('file-check');
  if (file.size > state.me.limits.maxFileBytes) {
    result.replaceChildren(fileErrors('The file is not accepted', [{ code: 'FILE_TOO_LARGE',
      message: 'The file is ' + bytes(file.size) + '; the limit is ' + bytes(state.me.limits.maxFileBytes) + '.',
      suggestion: 'Split it into several files.' }]));
    return;
  }
  result.replaceChildren(el('p', { class: 'muted' }, 'Checking the file…'));
  const form = new FormData();
  form.append('file', file);
  try {
    const checked = await call(accountPath(state.account.accountId) + '/file-checks', { method: 'POST', body: form });
    state.file = file;
    result.replaceChildren(el('p', { class: 'notice success', id: 'file-ok' },
      'The file passed the file checks: ' + count(checked.rowCount) + (checked.rowCount === 1 ? ' user row.' : ' user rows.')
      + ' Every row is checked against the account when the import starts.'));
  } catch (e) {
    result.replaceChildren(problemBox('The file is not accepted', e));
  }
}

/** The errors of a refused file or request: a sentence, and the list with line, column and suggestion. */
function problemBox(title, e) {
  if (!(e instanceof ApiProblem) || e.errors.length === 0) {
    return el('div', { class: 'notice error', role: 'alert' }, title + ': ' + e.message);
  }
  return fileErrors(title, e.errors);
}

function fileErrors(title, errors) {
  const anyLine = errors.some((x) => x.line != null);
  const anyColumn = errors.some((x) => x.column != null);
  const columns = [];
  if (anyLine) columns.push({ title: 'Line', value: (x) => (x.line == null ? '' : String(x.line)) });
  if (anyColumn) columns.push({ title: 'Column', value: (x) => x.column || '' });
  columns.push({ title: 'Problem', value: (x) => x.message });
  columns.push({ title: 'Suggestion', value: (x) => x.suggestion || '' });
  return el('div', { class: 'notice error', role: 'alert' },
    el('p', { class: 'notice-title' }, title + (errors.length > 1 ? ' (' + errors.length + ' problems)' : '')),
    table({ id: 'file-errors', caption: 'What to fix in the file', columns, rows: errors }));
}

function deliveryChanged() {
  const specified = $('delivery-specified-address').checked;
  const address = $('password-address');
  address.disabled = !specified;
  address.required = specified;
  if (!specified) setAddressError(null);
}

function setAddressError(message) {
  const error = $('password-address-error');
  const address = $('password-address');
  error.hidden = !message;
  error.textContent = message || '';
  if (message) address.setAttribute('aria-invalid', 'true');
  else address.removeAttribute('aria-invalid');
}

function chosenDelivery() {
  return document.querySelector('input[name=passwordDelivery]:checked').value;
}

async function startImport() {
  const startError = $('start-error');
  startError.replaceChildren();
  if (!state.file) {
    startError.replaceChildren(el('p', { class: 'notice error', role: 'alert' },
      $('file-chosen').hidden ? 'Choose the CSV file first (step 3).' : 'Choose a file that passes the file checks first (step 3).'));
    $('file').focus();
    return;
  }
  const delivery = chosenDelivery();
  const address = $('password-address');
  if (delivery === 'SPECIFIED_ADDRESS') {
    address.value = address.value.trim();
    if (!address.value || !address.checkValidity() || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address.value)) {
      setAddressError('Enter a valid email address, such as it.admin@example.com.');
      address.focus();
      return;
    }
  }
  const form = new FormData();
  form.append('file', state.file);
  form.append('connect', $('connect').checked);
  form.append('callerIdAttested', $('caller-id-attested').checked);
  form.append('passwordDelivery', delivery);
  if (delivery === 'SPECIFIED_ADDRESS') form.append('passwordAddress', address.value);
  form.append('validateOnly', $('validate-only').checked);
  form.append('skipExisting', $('skip-existing').checked);
  const button = $('start-import');
  button.disabled = true;
  try {
    const accepted = await call(accountPath(state.account.accountId) + '/imports', { method: 'POST', body: form });
    clearFile();
    location.hash = '#/accounts/' + encodeURIComponent(accepted.accountId) + '/imports/' + encodeURIComponent(accepted.importId);
  } catch (e) {
    startError.replaceChildren(problemBox('The import did not start', e));
    if (e instanceof ApiProblem && e.errors.some((x) => x.code === 'IMPORT_RUNNING')) {
      startError.append(el('p', {}, 'Open the running import from the list below to follow it.'));
    }
  } finally {
    button.disabled = false;
  }
}

// ---- The account's imports ----------------------------------------------------------------------

async function loadHistory() {
  const account = state.account;
  let imports;
  try {
    imports = await call(accountPath(account.accountId) + '/imports');
  } catch (e) {
    return showPageError(e);
  }
  if (state.account !== account) return;
  $('imports-empty').hidden = imports.length > 0;
  const body = $('imports').querySelector('tbody');
  body.replaceChildren(...imports.map((i) => {
    const current = state.shown && state.shown.importId === i.importId;
    return el('tr', { 'data-import-id': i.importId },
      el('td', {}, el('a', { href: '#/accounts/' + encodeURIComponent(account.accountId) + '/imports/' + encodeURIComponent(i.importId),
        class: 'open-import', 'aria-current': current ? 'page' : null }, i.fileName || i.importId),
      el('span', { class: 'muted by' }, when(i.requestedAt, 'short') + (i.requestedBy ? ' by ' + i.requestedBy : ''))),
      el('td', {}, badge(i.status)),
      el('td', { class: 'number' }, count(i.rowCount)));
  }));
}

function badge(status) {
  return el('span', { class: 'badge', 'data-status': status }, STATUS_LABEL[status] || status);
}

// ---- One import: progress and results -----------------------------------------------------------

async function showImport(accountId, importId) {
  closeStream();
  state.shown = { accountId, importId };
  document.querySelector('.layout').classList.add('showing-import');
  $('wizard').hidden = true;
  clearImport();
  $('import').hidden = false;
  let status;
  try {
    status = await loadStatus(accountId, importId);
  } catch (e) {
    $('import-title').textContent = 'Import not found';
    $('result').replaceChildren(problemBox('This import cannot be shown', e));
    return;
  }
  if (!isShown(accountId, importId)) return;
  $('import-title').textContent = status.fileName ? 'Import of ' + status.fileName : 'Import ' + importId;
  $('import-title').focus();
  renderFacts(status);
  renderProgress(status);
  if (FINAL.includes(status.status)) {
    renderResult(status);
  } else {
    openStream(accountId, importId);
  }
}

/** Empties the import section, so that nothing of the import shown before stays in it. */
function clearImport() {
  $('result').replaceChildren();
  $('notes').replaceChildren();
  $('import-facts').replaceChildren();
  $('import-title').textContent = 'Import';
  $('import-status').dataset.status = '';
  $('import-status').textContent = 'Loading…';
  $('status-text').textContent = '';
}

/** An import's status with one page of its row errors. */
function loadStatus(accountId, importId, page = 0, size = PAGE_SIZE) {
  return call(importPath(accountId, importId) + '?page=' + page + '&size=' + size);
}

function isShown(accountId, importId) {
  return state.shown && state.shown.accountId === accountId && state.shown.importId === importId;
}

/**
 * Follows the import live: its progress stream, one status event per change. The browser reconnects
 * by itself when the connection is lost, and the stream starts again with the current state. It does
 * not when the server refuses the stream (503 while the service is busy or starting, any answer but
 * a stream): the page then reads the status itself a moment later, and opens the stream again,
 * waiting longer each time it is refused (1 s, 2 s, 4 s … 10 s at most).
 */
function openStream(accountId, importId, refusals = 0) {
  const shown = state.shown;
  const stream = new EventSource(importPath(accountId, importId) + '/progress');
  state.stream = stream;
  stream.addEventListener('status', (event) => {
    if (state.shown !== shown) return stream.close();
    refusals = 0;
    if (showProgress(accountId, importId, JSON.parse(event.data))) {
      stream.close();
      state.stream = null;
    }
  });
  stream.addEventListener('error', () => {
    if (stream.readyState !== EventSource.CLOSED || state.stream !== stream) return;
    state.stream = null;
    if (state.shown !== shown) return;
    const wait = Math.min(1000 * 2 ** refusals, MAX_RETRY_MS);
    state.retry = setTimeout(() => followAgain(accountId, importId, shown, refusals + 1), wait);
  });
}

/** After a refused stream: the import's status read once, then its stream opened again unless the import has ended. */
async function followAgain(accountId, importId, shown, refusals) {
  state.retry = null;
  let status = null;
  try {
    status = await loadStatus(accountId, importId);
  } catch (e) {
    // not answered now either: the stream is tried again, later
  }
  if (state.shown !== shown) return;
  if (status && showProgress(accountId, importId, status, true)) return;
  openStream(accountId, importId, refusals);
}

/**
 * Shows a status of the import followed, from its stream or read after a refused one (loaded:
 * the whole status, row errors included); at the end, its results. Answers whether the import has ended.
 */
function showProgress(accountId, importId, progress, loaded = false) {
  if (state.lastStatus !== progress.status) {
    announce('Import ' + STATUS_LABEL[progress.status].toLowerCase() + '.');
  }
  state.lastStatus = progress.status;
  renderProgress(progress);
  if (!FINAL.includes(progress.status)) return false;
  loadHistory();
  (loaded ? Promise.resolve(progress) : loadStatus(accountId, importId))
    .then((status) => { if (isShown(accountId, importId)) renderResult(status); })
    .catch((e) => $('result').replaceChildren(problemBox('The results cannot be shown', e)));
  return true;
}

function closeStream() {
  if (state.stream) {
    state.stream.close();
    state.stream = null;
  }
  if (state.retry) {
    clearTimeout(state.retry);
    state.retry = null;
  }
  state.lastStatus = null;
}

function renderFacts(status) {
  const o = status.options || {};
  const delivery = { USER_EMAIL: 'to each user', SPECIFIED_ADDRESS: 'to ' + (o.passwordAddress || 'one address'), NONE: 'not sent' };
  const facts = [
    ['Started', when(status.requestedAt) + (status.requestedBy ? ' by ' + status.requestedBy : '')],
    ['Rows', count(status.rowCount)],
    ['Options', [o.connect === false ? 'CONNECT off' : 'CONNECT on',
      'passwords ' + (delivery[o.passwordDelivery] || 'to each user'),
      o.validateOnly ? 'validate only' : null, o.skipExisting ? 'skip existing users' : null,
      o.callerIdAttested ? 'caller ID attested' : null].filter(Boolean).join(', ')],
  ];
  $('import-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

function renderProgress(p) {
  const statusBadge = $('import-status');
  statusBadge.dataset.status = p.status;
  statusBadge.textContent = STATUS_LABEL[p.status] || p.status;
  $('status-text').textContent = STATUS_TEXT[p.status] || '';
  const c = p.counts;
  const creating = ['IN_PROGRESS', 'COMPLETED'].includes(p.status);
  const done = creating ? c.created + c.notCreated + c.skipped : c.validated + c.failed;
  const bar = $('progress');
  bar.max = Math.max(1, p.rowCount);
  bar.value = Math.min(done, p.rowCount);
  $('progress-label').textContent = (creating ? 'Rows provisioned: ' : 'Rows checked: ')
    + count(done) + ' of ' + count(p.rowCount);
  for (const li of $('counts').querySelectorAll('li')) {
    li.querySelector('strong').textContent = count(c[li.dataset.count]);
  }
  $('emails').hidden = !creating;
  $('emails-sent').textContent = count(p.emails ? p.emails.sent : 0);
  $('emails-failed').textContent = count(p.emails ? p.emails.failed : 0);
  $('emails').classList.toggle('has-failures', Boolean(p.emails && p.emails.failed));
  renderNotes(p.notes || []);
}

function renderNotes(notes) {
  $('notes').replaceChildren(...(notes.length === 0 ? [] : [el('div', { class: 'notice info', id: 'import-notes' },
    el('p', { class: 'notice-title' }, 'Notes'),
    el('ul', {}, notes.map((n) => el('li', {}, n))))]));
}

function renderResult(status) {
  const result = $('result');
  const { accountId, importId } = status;
  switch (status.status) {
    case 'VALIDATION_FAILED':
      show(result,
        el('h2', {}, 'Rows with errors'),
        el('p', {}, count(status.counts.failed) + ' of ' + count(status.rowCount)
          + ' rows have errors, so nothing was created. Fix them in your file and upload it again; or export them: '
          + 'the export is in the template\'s format with an Import Errors column, and can be uploaded again as it is once fixed.'),
        el('p', { class: 'actions' },
          el('a', { class: 'button secondary', id: 'export-errors', href: importPath(accountId, importId) + '/errors.csv', download: '' },
            'Export errors to CSV'),
          el('a', { class: 'button primary', id: 'fix-and-upload', href: '#/accounts/' + encodeURIComponent(accountId) },
            'Upload a fixed file')),
        rowErrors(status, 'errors-table', 'Errors by row'));
      break;
    case 'NOT_ENOUGH_LICENSES':
      show(result,
        el('h2', {}, 'Not enough licences'),
        table({ id: 'shortfall-table', caption: 'Licences needed and free, by type',
          columns: [{ title: 'Licence type', value: (s) => s.licenceType },
            { title: 'Needed', value: (s) => count(s.needed) },
            { title: 'Free', value: (s) => count(s.free) },
            { title: 'Missing', value: (s) => count(s.needed - s.free) }],
          rows: status.licenceShortfall || [] }),
        el('p', {}, 'Nothing was created. Add subscriptions for the missing licences (or assign fewer users to them in the file), '
          + 'then import the same file again.'),
        el('p', {}, el('a', { class: 'button primary', href: '#/accounts/' + encodeURIComponent(accountId) }, 'Import again')));
      break;
    case 'VALIDATED':
      show(result,
        el('h2', {}, 'Ready to import'),
        el('p', { class: 'notice success' }, 'All ' + count(status.rowCount) + ' rows passed and there are enough licences. '
          + 'Nothing was created: start the import with the same file and Validate only unticked.'),
        el('p', {}, el('a', { class: 'button primary', href: '#/accounts/' + encodeURIComponent(accountId) }, 'Import this file')));
      break;
    case 'REJECTED_IMPORT_RUNNING':
      show(result,
        el('h2', {}, 'Import refused'),
        el('div', { class: 'notice error', role: 'alert', id: 'refusal' },
          el('p', { class: 'notice-title' }, 'One import per account at a time'),
          el('p', {}, status.refusal ? status.refusal.message : STATUS_TEXT[status.status])),
        el('p', { class: 'actions' },
          status.runningImportId ? el('a', { class: 'button secondary', id: 'running-import',
            href: '#/accounts/' + encodeURIComponent(accountId) + '/imports/' + encodeURIComponent(status.runningImportId) },
          'See the running import') : null,
          el('a', { class: 'button primary', href: '#/accounts/' + encodeURIComponent(accountId) }, 'Upload the file again')));
      break;
    case 'COMPLETED':
      followEmails(accountId, importId, status.emails);
      show(result,
        el('h2', {}, 'Result'),
        el('p', { id: 'completed-summary' }, count(status.counts.created) + ' users created, '
          + count(status.counts.notCreated) + ' not created, ' + count(status.counts.skipped) + ' skipped.'),
        el('div', { id: 'users-block' }),
        el('h3', {}, 'Not created'),
        el('p', {}, status.counts.notCreated + status.counts.skipped === 0 ? 'Every row was created.'
          : 'These rows were not created; the reason is given for each. Fix them and upload the exported list again.'),
        el('p', {}, el('a', { class: 'button secondary', id: 'export-not-created', href: importPath(accountId, importId) + '/not-created.csv',
          download: '' }, 'Export the list of not created users')),
        status.errorCount > 0 ? rowErrors(status, 'not-created-table', 'Rows not created, with the reasons') : null);
      loadUsers(accountId, importId, 0, status.counts.created);
      break;
    default:
      result.replaceChildren();
  }
}

/**
 * Emails go out after the users are created, so a completed import's email counts still change for
 * a while: the status is read again every 2 s until some were counted and the counts have not
 * changed for 10 s (or, when none is counted, for two minutes: an import may send none).
 */
function followEmails(accountId, importId, emails) {
  let last = JSON.stringify(emails);
  let unchanged = 0;
  const until = Date.now() + 120000;
  const timer = setInterval(async () => {
    if (!isShown(accountId, importId)) return clearInterval(timer);
    try {
      const status = await loadStatus(accountId, importId, 0, 1);
      const now = JSON.stringify(status.emails);
      unchanged = now === last ? unchanged + 1 : 0;
      last = now;
      renderProgress(status);
      const counted = status.emails && status.emails.sent + status.emails.failed > 0;
      if ((counted && unchanged >= 5) || Date.now() > until) clearInterval(timer);
    } catch (e) {
      clearInterval(timer);
    }
  }, 2000);
}

/** The status's row errors as a paged table; paging reloads the status page by page. */
function rowErrors(status, id, caption) {
  const block = el('div', { id: id + '-block' });
  const render = (s) => {
    show(block,
      table({ id, caption, columns: [
        { title: 'Row', value: (x) => String(x.row) },
        { title: 'Column', value: (x) => x.column || '' },
        { title: 'Value', value: (x) => x.value || '' },
        { title: 'Reason', value: (x) => x.message },
        { title: 'Suggestion', value: (x) => x.suggestion || '' }], rows: s.errors }),
      pager({ id, page: s.page, size: s.size, total: s.errorCount, onPage: async (page) => {
        try {
          render(await loadStatus(s.accountId, s.importId, page));
          document.getElementById(id + '-caption').scrollIntoView({ block: 'nearest' });
          const next = document.getElementById(id + (page > s.page ? '-next' : '-prev'));
          if (next && !next.disabled) next.focus(); else document.getElementById(id + '-page').focus();
        } catch (e) {
          block.append(problemBox('The page cannot be loaded', e));
        }
      } }));
  };
  render(status);
  return block;
}

async function loadUsers(accountId, importId, page, total) {
  const block = $('users-block');
  if (!block) return;
  if (total === 0) {
    block.replaceChildren(el('p', {}, 'No user was created.'));
    return;
  }
  let users;
  try {
    users = await call(importPath(accountId, importId) + '/users?page=' + page + '&size=' + PAGE_SIZE);
  } catch (e) {
    block.replaceChildren(problemBox('The users cannot be shown', e));
    return;
  }
  if (!isShown(accountId, importId)) return;
  show(block,
    table({ id: 'users-table', caption: 'Users created', columns: [
      { title: 'Row', value: (u) => String(u.row) },
      { title: 'Email', value: (u) => u.email },
      { title: 'Name', value: (u) => u.displayName },
      { title: 'Licence', value: (u) => u.licenceType },
      { title: 'Extension', value: (u) => u.extension || '' },
      { title: 'Numbers', value: (u) => (u.numbers || []).join(', ') },
      { title: 'Location', value: (u) => u.location || '' }], rows: users }),
    pager({ id: 'users-table', page, size: PAGE_SIZE, total, onPage: (p) => loadUsers(accountId, importId, p, total) }));
}

start();
