// The notifications page: shows /api/notifications with the caller's bearer token. The token comes from the link's
// fragment (#token=..., never sent to a server), from this tab's sessionStorage, or from the form.
(function () {
  'use strict';
  var KEY = 'notifications.token';
  var form = document.getElementById('token-form');
  var input = document.getElementById('token');
  var status = document.getElementById('status');
  var message = document.getElementById('message');
  var table = document.querySelector('table');
  var body = table.querySelector('tbody');
  // The table scrolls sideways inside its own region (focusable, for the keyboard) on a narrow screen.
  var region = document.getElementById('outcomes');
  var error = document.getElementById('error');

  // A refused token or a failed request: shown as an error until the next answer.
  function showError(text) {
    document.getElementById('error-text').textContent = text || '';
    error.hidden = !text;
  }

  var fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromFragment) {
    sessionStorage.setItem(KEY, fromFragment);
    history.replaceState(null, '', location.pathname + location.search);
  }

  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    row.appendChild(td);
  }

  function show() {
    var token = sessionStorage.getItem(KEY);
    if (!token) {
      message.textContent = 'A SUPERVISOR or ADMIN token is needed.';
      region.hidden = true;
      return;
    }
    var query = status.value ? '?limit=100&status=' + encodeURIComponent(status.value) : '?limit=100';
    fetch('/api/notifications' + query, {headers: {Authorization: 'Bearer ' + token}})
      .then(function (response) {
        return response.json().then(function (json) { return {response: response, json: json}; });
      })
      .then(function (answer) {
        if (!answer.response.ok) {
          if (answer.response.status === 401) {
            sessionStorage.removeItem(KEY);
          }
          showError(answer.response.status + ': ' + (answer.json.detail || answer.json.title || ''));
          message.textContent = '';
          region.hidden = true;
          input.focus();
          return;
        }
        showError(null);
        body.replaceChildren();
        answer.json.forEach(function (o) {
          var row = document.createElement('tr');
          row.className = o.status;
          cell(row, new Date(o.at).toLocaleString('en-GB'));
          cell(row, o.status);
          cell(row, o.eventType + (o.escalationLevel == null ? '' : ' L' + o.escalationLevel));
          cell(row, o.caseId.substring(0, 8));
          cell(row, o.siteCode);
          cell(row, o.policeDivision);
          cell(row, o.recipient);
          cell(row, o.channel);
          cell(row, o.attempt);
          cell(row, o.detail);
          body.appendChild(row);
        });
        table.querySelector('caption').textContent = answer.json.length + ' outcomes';
        message.textContent = answer.json.length ? '' : 'No notifications yet.';
        region.hidden = answer.json.length === 0;
      })
      .catch(function (e) { showError('Cannot load notifications: ' + e); });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (input.value.trim()) {
      sessionStorage.setItem(KEY, input.value.trim());
      input.value = '';
    }
    show();
  });
  status.addEventListener('change', show);
  show();
}());
