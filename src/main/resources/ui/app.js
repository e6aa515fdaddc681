// The operator page (README "Operate"): reads the JSON API with the operator key the user types in. The key is kept
// in this tab's sessionStorage only and sent in the Authorization header, never in a URL. Every value from the API
// is shown through textContent: nothing from the server is ever parsed as HTML.
'use strict';

(function () {
  const KEY_ITEM = 'spotlink.operator-key';
  const REFRESH_MS = 10000;
  const DELIVERY_STATUSES = ['pending', 'sending', 'delivered', 'failed'];
  const ORDER_STATUSES = ['submitting', 'submitted', 'failed', 'rejected', 'canceled'];
  const ROUTE_STATUSES = ['started', 'stopped', 'suspended'];
  const $ = (id) => document.getElementById(id);
  let timer = null;

  function storedKey() {
    return sessionStorage.getItem(KEY_ITEM);
  }

  function say(text, isError) {
    const message = $('message');
    message.textContent = text;
    message.className = isError ? 'error' : '';
  }

  /** One JSON call with the key; a refusal becomes an Error carrying the API's message and the status. */
  async function api(method, path) {
    const key = storedKey();
    if (!key) {
      throw new Error('Enter an operator API key first.');
    }
    const response = await fetch(path, {
      method: method,
      headers: { 'Authorization': 'Bearer ' + key, 'Accept': 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error'
    });
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const text = body && typeof body.message === 'string' ? body.message : 'the request failed';
      const error = new Error(text + ' (HTTP ' + response.status + ')');
      error.status = response.status;
      throw error;
    }
    return body;
  }

  function cell(row, value, className) {
    const td = document.createElement('td');
    td.textContent = value === null || value === undefined ? '' : String(value);
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  /** A CSS class for a known status word only: data never becomes a class name of its own. */
  function statusClass(prefix, value, known) {
    const word = String(value).toLowerCase();
    return known.includes(word) ? prefix + word : '';
  }

  function clear(tbody) {
    while (tbody.firstChild) {
      tbody.removeChild(tbody.firstChild);
    }
  }

  function failed(error) {
    if (error.status === 401) {
      sessionStorage.removeItem(KEY_ITEM);
      showKeyState();
      say('The key was refused: ' + error.message + '. Enter an operator key.', true);
    } else if (error.status === 403) {
      say('This key lacks a role the page needs: ' + error.message, true);
    } else {
      say(error.message, true);
    }
  }

  async function loadStatus() {
    const status = await api('GET', '/status');
    const spot = status.spot || {};
    $('spot-state').textContent = spot.state || 'unknown';
    $('spot-state').className = statusClass('state-', spot.state || '', ['up', 'down', 'closed', 'open', 'half_open']);
    $('spot-source').textContent = spot.source === 'circuit-breaker' ? '(circuit breaker)'
        : '(from the routes that call Spot)';
    const readiness = status.readiness || {};
    $('readiness-state').textContent = readiness.state || 'unknown';
    $('readiness-state').className = statusClass('state-', readiness.state || '', ['up', 'down']);

    const checks = $('checks').tBodies[0];
    clear(checks);
    (readiness.checks || []).forEach((check) => {
      const row = document.createElement('tr');
      row.dataset.checkId = String(check.id);
      cell(row, check.id);
      cell(row, check.state, statusClass('state-', check.state, ['up', 'down']));
      cell(row, check.message, 'text');
      checks.appendChild(row);
    });

    const routes = $('routes').tBodies[0];
    clear(routes);
    (status.routes || []).forEach((route) => {
      const row = document.createElement('tr');
      row.dataset.routeId = String(route.id);
      cell(row, route.id);
      cell(row, route.status, statusClass('status-', route.status, ROUTE_STATUSES));
      routes.appendChild(row);
    });
  }

  async function loadDeliveries() {
    const status = $('delivery-status').value;
    const query = status ? '?status=' + encodeURIComponent(status) + '&limit=500' : '?limit=500';
    const answer = await api('GET', '/deliveries' + query);
    const tbody = $('deliveries').tBodies[0];
    clear(tbody);
    const rows = (answer.deliveries || []).slice().sort((a, b) => b.id - a.id);
    rows.forEach((d) => {
      const row = document.createElement('tr');
      row.dataset.deliveryId = String(d.id);
      cell(row, d.id);
      cell(row, d.report_id);
      cell(row, d.spot_order_id);
      cell(row, d.kit_id);
      cell(row, d.destination);
      cell(row, d.status, 'delivery-status ' + statusClass('status-', d.status, DELIVERY_STATUSES));
      cell(row, d.attempts);
      cell(row, d.ack_code);
      cell(row, d.ack_text, 'text ack-text');
      cell(row, d.last_error, 'text last-error');
      cell(row, d.created);
      cell(row, d.delivered);
      const action = cell(row, null);
      if (d.status === 'failed' || d.status === 'pending') {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'replay';
        button.textContent = 'Replay';
        button.addEventListener('click', () => replay(d.id, button));
        action.appendChild(button);
      }
      tbody.appendChild(row);
    });
    if (rows.length === 0) {
      const row = document.createElement('tr');
      cell(row, 'No deliveries' + (status ? ' in status ' + status : '') + '.').colSpan = 13;
      tbody.appendChild(row);
    }
  }

  async function replay(id, button) {
    button.disabled = true;
    try {
      const delivery = await api('POST', '/deliveries/' + encodeURIComponent(String(id)) + '/replay');
      say('Delivery ' + delivery.id + ' is back in line (' + delivery.status + ').', false);
      await loadDeliveries();
    } catch (error) {
      button.disabled = false;
      failed(error);
    }
  }

  async function searchOrders() {
    const params = new URLSearchParams();
    const sourceOrderId = $('source-order-id').value.trim();
    if (sourceOrderId) {
      params.set('source_order_id', sourceOrderId);
    }
    if ($('order-status').value === 'cancel-requested') {
      // the hospital's cancels that an operator must still carry out at Spot
      params.set('cancel', 'requested');
    } else if ($('order-status').value) {
      params.set('status', $('order-status').value);
    }
    params.set('limit', '100');
    const answer = await api('GET', '/orders?' + params.toString());
    const tbody = $('orders').tBodies[0];
    clear(tbody);
    (answer.orders || []).forEach((o) => {
      const row = document.createElement('tr');
      row.className = 'order';
      cell(row, o.source_system);
      cell(row, o.source_order_id, 'source-order-id');
      cell(row, o.spot_order_id, 'spot-order-id');
      cell(row, o.status, 'order-status ' + statusClass('status-', o.status, ORDER_STATUSES));
      cell(row, o.spot_status);
      cell(row, o.cancel ? o.cancel.state + ' ' + o.cancel.requested_at + ' (' + o.cancel.channel + ')' : '',
        'order-cancel');
      cell(row, o.attempts);
      cell(row, o.last_error, 'text');
      cell(row, o.created);
      cell(row, o.updated);
      tbody.appendChild(row);
    });
    if (!answer.orders || answer.orders.length === 0) {
      const row = document.createElement('tr');
      cell(row, 'No orders found.').colSpan = 10;
      tbody.appendChild(row);
    }
  }

  async function refreshAll() {
    if (!storedKey()) {
      return;
    }
    try {
      await Promise.all([loadStatus(), loadDeliveries(), searchOrders()]);
      say('Updated ' + new Date().toLocaleTimeString() + '.', false);
    } catch (error) {
      failed(error);
    }
  }

  function showKeyState() {
    const hasKey = Boolean(storedKey());
    $('key-state').textContent = hasKey ? 'Key set for this tab.'
        : 'No key: the page shows nothing until you enter an operator key.';
    $('forget-key').disabled = !hasKey;
    if (timer) {
      clearInterval(timer);
      timer = null;
    }
    if (hasKey) {
      timer = setInterval(refreshAll, REFRESH_MS);
    }
  }

  function run(action) {
    return (event) => {
      if (event) {
        event.preventDefault();
      }
      action().catch(failed);
    };
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('refresh-seconds').textContent = String(REFRESH_MS / 1000);
    $('key-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const key = $('api-key').value.trim();
      $('api-key').value = '';
      if (!key) {
        say('Enter an operator API key.', true);
        return;
      }
      sessionStorage.setItem(KEY_ITEM, key);
      showKeyState();
      refreshAll();
    });
    $('forget-key').addEventListener('click', () => {
      sessionStorage.removeItem(KEY_ITEM);
      showKeyState();
      ['checks', 'routes', 'deliveries', 'orders'].forEach((id) => clear($(id).tBodies[0]));
      say('Key forgotten.', false);
    });
    $('order-search').addEventListener('submit', run(searchOrders));
    $('refresh-status').addEventListener('click', run(loadStatus));
    $('refresh-deliveries').addEventListener('click', run(loadDeliveries));
    $('delivery-status').addEventListener('change', run(loadDeliveries));
    showKeyState();
    refreshAll();
  });
}());
