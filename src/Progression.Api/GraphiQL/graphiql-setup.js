// Mounts GraphiQL against this service's /graphql endpoint. The bearer token and the optional municipality come from
// the two inputs above the IDE; they live in sessionStorage (this tab only) and travel only in request headers,
// never in the URL. GraphiQL's own state (tabs, query history) is kept in sessionStorage too, not localStorage.
(function () {
  'use strict';

  var endpoint = '/graphql';
  var keys = { token: 'progression.graphiql.token', municipality: 'progression.graphiql.municipality' };
  var tokenInput = document.getElementById('token');
  var municipalityInput = document.getElementById('municipality');
  var forgetButton = document.getElementById('forget');

  function read(key) {
    try { return window.sessionStorage.getItem(key) || ''; } catch (e) { return ''; }
  }

  function write(key, value) {
    try {
      if (value) window.sessionStorage.setItem(key, value); else window.sessionStorage.removeItem(key);
    } catch (e) { /* storage unavailable: the value still applies until the page closes */ }
  }

  // A token pasted with its scheme ("Bearer eyJ…") is accepted as well.
  function token() { return tokenInput.value.trim().replace(/^Bearer\s+/i, ''); }
  function municipality() { return municipalityInput.value.trim(); }

  function fetcher(graphQLParams, options) {
    var headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    var extra = (options && options.headers) || {};   // from GraphiQL's headers editor
    Object.keys(extra).forEach(function (name) { headers[name] = String(extra[name]); });
    if (token()) headers.Authorization = 'Bearer ' + token();
    if (municipality()) headers['X-Municipality'] = municipality();
    return fetch(endpoint, {
      method: 'POST',
      headers: headers,
      body: JSON.stringify(graphQLParams),
      credentials: 'omit',
      cache: 'no-store',
    }).then(function (response) {
      return response.text().then(function (text) {
        var body = null;
        try { body = JSON.parse(text); } catch (e) { /* not JSON: reported by status below */ }
        // A GraphQL answer (even with a 4xx status) goes to GraphiQL as it is.
        if (body && typeof body === 'object' && ('data' in body || 'errors' in body)) return body;
        // Anything else (a problem+json 401/403/400, an HTML error page) becomes one GraphQL error.
        var message = 'HTTP ' + response.status + (response.statusText ? ' ' + response.statusText : '');
        var said = body ? [body.title, body.detail].filter(function (s) { return s && s !== response.statusText; }) : [];
        if (said.length) message += ' — ' + said.join(': ');
        if (response.status === 401) message += ' (paste a valid token above)';
        if (response.status === 403) message += ' (the token does not allow this: role or municipality)';
        return { errors: [{ message: message }] };
      });
    });
  }

  var root = ReactDOM.createRoot(document.getElementById('graphiql'));

  // A new fetcher makes GraphiQL fetch the schema again, so a freshly pasted token takes effect at once.
  function render() {
    root.render(React.createElement(GraphiQL, {
      fetcher: function (params, options) { return fetcher(params, options); },
      storage: window.sessionStorage,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: true,
    }));
  }

  tokenInput.value = read(keys.token);
  municipalityInput.value = read(keys.municipality);

  tokenInput.addEventListener('change', function () { write(keys.token, token()); render(); });
  municipalityInput.addEventListener('change', function () { write(keys.municipality, municipality()); render(); });
  forgetButton.addEventListener('click', function () {
    tokenInput.value = '';
    municipalityInput.value = '';
    write(keys.token, '');
    write(keys.municipality, '');
    render();
  });

  render();
})();
