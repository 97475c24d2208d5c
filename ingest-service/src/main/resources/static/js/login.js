// The sign-in form: fetches a CSRF token for it, and says why the form is shown again.
const params = new URLSearchParams(location.search);
const message = document.getElementById('login-message');

function say(text, kind) {
  message.textContent = text;
  message.className = 'notice ' + kind;
  message.hidden = false;
}

if (params.has('error')) {
  say('Wrong user name or password. Try again.', 'error');
} else if (params.has('signed-out')) {
  say('You are signed out.', 'info');
}

fetch('/api/csrf', { headers: { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' } })
  .then((r) => (r.ok ? r.json() : Promise.reject(new Error('HTTP ' + r.status))))
  .then((csrf) => {
    const field = document.getElementById('login-csrf');
    field.name = csrf.parameterName;
    field.value = csrf.token;
  })
  .catch(() => say('The service cannot be reached. Reload the page in a moment.', 'error'));
