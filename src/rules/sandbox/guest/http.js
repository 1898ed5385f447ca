// Part of the sandbox prelude (see README in this folder): evaluated inside QuickJS, once per
// context, before any rule or action code; the parts share one scope and load in the order
// definition-sandbox.ts lists them. Timers bounded by the pipeline budget, `fetch`, and the
// request-style callback client; the host applies the allow-list, timeouts and size limits.
// ---- timers (bounded by the pipeline's budget) ------------------------------------------------
var timerSeq = 0;
var timers = {};
function setTimeout(fn, ms) {
  if (typeof fn !== 'function') throw new TypeError('setTimeout: callback must be a function');
  var args = Array.prototype.slice.call(arguments, 2);
  var id = ++timerSeq;
  timers[id] = true;
  callAsync('sleep', { ms: Number(ms) || 0 }).then(function () {
    if (!timers[id]) return;
    delete timers[id];
    guard(function () { fn.apply(undefined, args); });
  });
  return id;
}
function clearTimeout(id) {
  delete timers[id];
}
global.setTimeout = setTimeout;
global.clearTimeout = clearTimeout;
global.setImmediate = function (fn) {
  var args = Array.prototype.slice.call(arguments, 1);
  PromiseCtor.resolve().then(function () { guard(function () { fn.apply(undefined, args); }); });
};

// ---- outbound HTTP: fetch and a request-style callback client --------------------------------
function Headers(init) {
  var map = {};
  if (init && typeof init === 'object') keys(init).forEach(function (k) { map[k.toLowerCase()] = String(init[k]); });
  defineProperty(this, '_map', { value: map });
}
Headers.prototype = {
  get: function (name) { var v = this._map[String(name).toLowerCase()]; return v === undefined ? null : v; },
  has: function (name) { return String(name).toLowerCase() in this._map; },
  forEach: function (fn) { var m = this._map; keys(m).forEach(function (k) { fn(m[k], k); }); },
  entries: function () { var m = this._map; return keys(m).map(function (k) { return [k, m[k]]; })[Symbol.iterator](); },
};
function plainHeaders(headers) {
  var out = {};
  if (!headers) return out;
  if (headers instanceof Headers) {
    headers.forEach(function (v, k) { out[k] = v; });
    return out;
  }
  keys(headers).forEach(function (k) { if (headers[k] !== undefined && headers[k] !== null) out[k] = String(headers[k]); });
  return out;
}
function httpCall(request) {
  return callAsync('http', request).then(function (response) {
    if (response.error) {
      var error = new Error(response.error);
      error.code = response.code;
      throw error;
    }
    return response;
  });
}
function fetch(resource, init) {
  init = init || {};
  var url = resource instanceof URL ? resource.href : String(resource);
  var body = init.body;
  if (body instanceof URLSearchParams) body = body.toString();
  if (body !== undefined && body !== null && typeof body !== 'string') body = String(body);
  return httpCall({ url: url, method: init.method || 'GET', headers: plainHeaders(init.headers), body: body === null ? undefined : body }).then(function (r) {
    var used = false;
    function text() {
      if (used) return PromiseCtor.reject(new TypeError('Body has already been consumed'));
      used = true;
      return PromiseCtor.resolve(r.body);
    }
    return {
      ok: r.status >= 200 && r.status < 300,
      status: r.status,
      statusText: r.statusText,
      url: r.url,
      redirected: r.redirected,
      headers: new Headers(r.headers),
      text: text,
      json: function () { return text().then(function (t) { return parse(t); }); },
    };
  });
}
global.fetch = fetch;
global.Headers = Headers;

function request(options, callback) {
  if (typeof options === 'string') options = { url: options };
  options = options || {};
  var url = options.url || options.uri;
  if (options.baseUrl) url = urlModule.resolve(options.baseUrl.replace(/\/?$/, '/'), String(url).replace(/^\//, ''));
  if (options.qs) url += (String(url).indexOf('?') >= 0 ? '&' : '?') + querystringModule.stringify(options.qs);
  var headers = plainHeaders(options.headers);
  var body = options.body;
  if (options.form !== undefined) {
    body = typeof options.form === 'string' ? options.form : querystringModule.stringify(options.form);
    headers['content-type'] = headers['content-type'] || 'application/x-www-form-urlencoded';
  } else if (options.json !== undefined && options.json !== false) {
    headers.accept = headers.accept || 'application/json';
    if (options.json !== true || (body !== undefined && typeof body !== 'string')) {
      body = stringify(options.json === true ? body : options.json);
      headers['content-type'] = headers['content-type'] || 'application/json';
    }
  }
  if (options.auth) {
    var a = options.auth;
    if (a.bearer) headers.authorization = 'Bearer ' + a.bearer;
    else headers.authorization = 'Basic ' + toBase64(String(a.user || a.username || '') + ':' + String(a.pass || a.password || ''));
  }
  var pending = httpCall({ url: String(url), method: (options.method || 'GET').toUpperCase(), headers: headers, body: body === undefined ? undefined : String(body), timeoutMs: options.timeout });
  if (typeof callback !== 'function') return undefined;
  pending.then(
    function (r) {
      var responseBody = r.body;
      if (options.json) {
        try { responseBody = r.body === '' ? undefined : parse(r.body); } catch (e) { responseBody = r.body; }
      }
      var response = { statusCode: r.status, statusMessage: r.statusText, headers: r.headers, body: responseBody, request: { uri: { href: r.url } } };
      guard(function () { callback(null, response, responseBody); });
    },
    function (error) {
      guard(function () { callback(error); });
    },
  );
  return undefined;
}
['get', 'post', 'put', 'patch', 'delete', 'head'].forEach(function (method) {
  request[method] = function (options, callback) {
    if (typeof options === 'string') options = { url: options };
    var copy = {};
    keys(options || {}).forEach(function (k) { copy[k] = options[k]; });
    copy.method = method.toUpperCase();
    return request(copy, callback);
  };
});
request.del = request['delete'];
