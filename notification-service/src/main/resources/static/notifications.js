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
      table.hidden = true;
      return;
    }
    var query = status.value ? '?limit=100&status=' + encodeURIComponent(status.value) : '?limit=100';
    fetch('/api/notifications' + query, {headers: {Authorization: 'Bearer ' + token}})
      .then(function (response) {
        return response.json().then(function (json) { return {response: response, json: json}; });
      })
      .then(function (answer) {
        if (!answer.response.ok) {
          message.textContent = answer.response.status + ': ' + (answer.json.detail || answer.json.title || '');
          table.hidden = true;
          return;
        }
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
        table.hidden = answer.json.length === 0;
      })
      .catch(function (e) { message.textContent = 'Cannot load notifications: ' + e; });
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
