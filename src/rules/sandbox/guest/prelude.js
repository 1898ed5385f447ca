// Runs inside the QuickJS sandbox, once per context, before any rule or action code. It builds the
// Rules and Actions APIs on top of two narrow host functions that exchange JSON strings:
//   hostSync(op, json) → json       (hashes, HMAC, random bytes, URL and querystring parsing, library source)
//   hostAsync(op, json) → Promise<json>   (outbound HTTP, timers, metadata writes)
// Everything that reaches the host is a string; nothing of the host is ever visible here.
(function (hostSync, hostAsync) {
  'use strict';
  var parse = JSON.parse;
  var stringify = JSON.stringify;
  var indirectEval = eval;
  var defineProperty = Object.defineProperty;
  var freeze = Object.freeze;
  var keys = Object.keys;
  var isArray = Array.isArray;
  var PromiseCtor = Promise;
  var global = globalThis;
  global.global = global;

  var MAX_LOGS = 100;
  var MAX_LOG_CHARS = 2000;

  var run = null; // the invocation in progress: { logs, warnings, deadline, cancelled }

  function call(op, payload) {
    return parse(hostSync(op, stringify(payload === undefined ? null : payload)));
  }
  function callAsync(op, payload) {
    return hostAsync(op, stringify(payload === undefined ? null : payload)).then(function (text) {
      return parse(text);
    });
  }

  // ---- console ---------------------------------------------------------------------------------
  function formatArg(value) {
    if (typeof value === 'string') return value;
    if (value instanceof Error) return String(value.stack ? value.name + ': ' + value.message : value);
    try {
      var text = stringify(value);
      return text === undefined ? String(value) : text;
    } catch (e) {
      return String(value);
    }
  }
  function log(level) {
    return function () {
      if (!run) return;
      var parts = [];
      for (var i = 0; i < arguments.length; i++) parts.push(formatArg(arguments[i]));
      var message = parts.join(' ');
      if (message.length > MAX_LOG_CHARS) message = message.slice(0, MAX_LOG_CHARS) + '… (truncated)';
      if (run.logs.length < MAX_LOGS) run.logs.push({ level: level, message: message });
      else if (run.logs.length === MAX_LOGS) run.logs.push({ level: 'warn', message: 'further console output dropped' });
    };
  }
  function warn(message) {
    if (run) run.warnings.push(message);
  }
  global.console = freeze({ log: log('info'), info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') });

  // ---- libraries -------------------------------------------------------------------------------
  var libraryCache = {};
  function library(name) {
    if (!(name in libraryCache)) libraryCache[name] = indirectEval(hostSync('library', stringify({ name: name })));
    return libraryCache[name];
  }
  defineProperty(global, 'Buffer', {
    configurable: true,
    get: function () {
      return library('buffer').Buffer;
    },
  });
  function toBase64(data, encoding) {
    var B = library('buffer').Buffer;
    if (B.isBuffer(data)) return data.toString('base64');
    if (data instanceof Uint8Array) return B.from(data).toString('base64');
    if (typeof data !== 'string') throw new TypeError('data must be a string, Buffer or Uint8Array');
    return B.from(data, encoding || 'utf8').toString('base64');
  }
  function fromBase64(text, encoding) {
    var buf = library('buffer').Buffer.from(text, 'base64');
    return encoding && encoding !== 'buffer' ? buf.toString(encoding) : buf;
  }

  // ---- crypto (subset) -------------------------------------------------------------------------
  function digester(kind, algorithm, key) {
    var chunks = [];
    var done = false;
    var self = {
      update: function (data, encoding) {
        if (done) throw new Error('Digest already called');
        chunks.push(toBase64(data, encoding));
        return self;
      },
      digest: function (encoding) {
        if (done) throw new Error('Digest already called');
        done = true;
        var out = call(kind, { algorithm: algorithm, key: key, chunks: chunks });
        return fromBase64(out, encoding);
      },
    };
    return self;
  }
  function randomBytes(size, callback) {
    if (typeof size !== 'number' || size < 0 || size > 65536) throw new RangeError('randomBytes: size must be between 0 and 65536');
    var bytes = fromBase64(call('randomBytes', { size: size }));
    if (typeof callback === 'function') {
      PromiseCtor.resolve().then(function () {
        guard(function () { callback(null, bytes); });
      });
      return undefined;
    }
    return bytes;
  }
  var cryptoModule = freeze({
    createHash: function (algorithm) {
      return digester('hash', String(algorithm));
    },
    createHmac: function (algorithm, key) {
      return digester('hmac', String(algorithm), toBase64(key));
    },
    randomBytes: randomBytes,
    randomUUID: function () {
      return call('randomUUID');
    },
    getRandomValues: getRandomValues,
    timingSafeEqual: function (a, b) {
      return call('timingSafeEqual', { a: toBase64(a), b: toBase64(b) });
    },
    getHashes: function () {
      return call('hashes');
    },
  });
  function getRandomValues(array) {
    if (!(array instanceof Int8Array || array instanceof Uint8Array || array instanceof Uint8ClampedArray || array instanceof Int16Array || array instanceof Uint16Array || array instanceof Int32Array || array instanceof Uint32Array)) {
      throw new TypeError('getRandomValues: an integer typed array is required');
    }
    var bytes = fromBase64(call('randomBytes', { size: array.byteLength }));
    new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(bytes);
    return array;
  }
  global.crypto = freeze({ getRandomValues: getRandomValues, randomUUID: cryptoModule.randomUUID });

  // ---- url, querystring (Node's own semantics, computed by the host) ----------------------------
  function URLSearchParams(init) {
    if (!(this instanceof URLSearchParams)) throw new TypeError("Class constructor URLSearchParams cannot be invoked without 'new'");
    var pairs = [];
    if (typeof init === 'string') pairs = call('searchParams.parse', { text: init });
    else if (isArray(init)) pairs = init.map(function (p) { return [String(p[0]), String(p[1])]; });
    else if (init && typeof init === 'object') pairs = keys(init).map(function (k) { return [k, String(init[k])]; });
    defineProperty(this, '_pairs', { value: pairs, writable: true });
    defineProperty(this, '_onChange', { value: null, writable: true });
  }
  URLSearchParams.prototype = {
    constructor: URLSearchParams,
    _changed: function () { if (this._onChange) this._onChange(this.toString()); },
    get: function (name) { for (var i = 0; i < this._pairs.length; i++) if (this._pairs[i][0] === String(name)) return this._pairs[i][1]; return null; },
    getAll: function (name) { return this._pairs.filter(function (p) { return p[0] === String(name); }).map(function (p) { return p[1]; }); },
    has: function (name) { return this.get(name) !== null; },
    append: function (name, value) { this._pairs.push([String(name), String(value)]); this._changed(); },
    set: function (name, value) {
      var found = false;
      name = String(name);
      this._pairs = this._pairs.filter(function (p) { if (p[0] !== name) return true; if (found) return false; found = true; p[1] = String(value); return true; });
      if (!found) this._pairs.push([name, String(value)]);
      this._changed();
    },
    delete: function (name) { name = String(name); this._pairs = this._pairs.filter(function (p) { return p[0] !== name; }); this._changed(); },
    forEach: function (fn, thisArg) { var self = this; this._pairs.slice().forEach(function (p) { fn.call(thisArg, p[1], p[0], self); }); },
    keys: function () { return this._pairs.map(function (p) { return p[0]; })[Symbol.iterator](); },
    values: function () { return this._pairs.map(function (p) { return p[1]; })[Symbol.iterator](); },
    entries: function () { return this._pairs.map(function (p) { return [p[0], p[1]]; })[Symbol.iterator](); },
    toString: function () { return call('searchParams.stringify', { pairs: this._pairs }); },
  };
  URLSearchParams.prototype[Symbol.iterator] = URLSearchParams.prototype.entries;

  var URL_PARTS = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];
  function URL(input, base) {
    if (!(this instanceof URL)) throw new TypeError("Class constructor URL cannot be invoked without 'new'");
    var parts = call('URL', { input: String(input), base: base === undefined ? undefined : String(base) });
    if (parts.error) throw new TypeError(parts.error);
    defineProperty(this, '_parts', { value: parts, writable: true });
    var params = new URLSearchParams(parts.search);
    var self = this;
    params._onChange = function (query) { self._set('search', query); };
    defineProperty(this, 'searchParams', { value: params, enumerable: true });
  }
  URL.prototype = {
    constructor: URL,
    _set: function (part, value) {
      var parts = call('URL.set', { href: this._parts.href, part: part, value: String(value) });
      if (parts.error) throw new TypeError(parts.error);
      this._parts = parts;
      if (part !== 'search') this.searchParams._pairs = call('searchParams.parse', { text: parts.search });
    },
    toString: function () { return this._parts.href; },
    toJSON: function () { return this._parts.href; },
  };
  URL_PARTS.forEach(function (part) {
    defineProperty(URL.prototype, part, {
      get: function () { return this._parts[part]; },
      set: part === 'origin' ? undefined : function (value) { this._set(part, value); },
    });
  });
  global.URL = URL;
  global.URLSearchParams = URLSearchParams;

  var urlModule = freeze({
    URL: URL,
    URLSearchParams: URLSearchParams,
    parse: function (text, parseQueryString, slashesDenoteHost) {
      return call('url.parse', { text: String(text), parseQueryString: !!parseQueryString, slashesDenoteHost: !!slashesDenoteHost });
    },
    format: function (value) {
      return call('url.format', { value: value instanceof URL ? value.href : value });
    },
    resolve: function (from, to) {
      return call('url.resolve', { from: String(from), to: String(to) });
    },
  });
  var querystringModule = freeze({
    parse: function (text, sep, eq) { return call('qs.parse', { text: String(text === undefined ? '' : text), sep: sep, eq: eq }); },
    stringify: function (obj, sep, eq) { return call('qs.stringify', { obj: obj, sep: sep, eq: eq }); },
    escape: function (text) { return call('qs.escape', { text: String(text) }); },
    unescape: function (text) { return call('qs.unescape', { text: String(text) }); },
  });
  querystringModule = freeze({
    parse: querystringModule.parse,
    decode: querystringModule.parse,
    stringify: querystringModule.stringify,
    encode: querystringModule.stringify,
    escape: querystringModule.escape,
    unescape: querystringModule.unescape,
  });

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

  // ---- require ---------------------------------------------------------------------------------
  var MODULES = {
    crypto: function () { return cryptoModule; },
    url: function () { return urlModule; },
    querystring: function () { return querystringModule; },
    request: function () { return request; },
    buffer: function () { return { Buffer: library('buffer').Buffer }; },
    lodash: function () { return library('lodash'); },
    uuid: function () { return library('uuid'); },
    'ipaddr.js': function () { return library('ipaddr.js'); },
  };
  var BUNDLED = ['lodash', 'uuid', 'ipaddr.js', 'buffer'];
  function requireModule(specifier) {
    var name = String(specifier);
    var at = name.lastIndexOf('@');
    var pinned = null;
    if (at > 0) {
      // `lodash@4.17.21` resolves to the bundled version
      pinned = name.slice(at + 1);
      name = name.slice(0, at);
    }
    if (name.indexOf('node:') === 0) name = name.slice(5);
    var sub = null;
    var slash = name.indexOf('/');
    if (slash > 0 && name.slice(0, slash) === 'lodash') {
      sub = name.slice(slash + 1).replace(/\.js$/, '');
      name = 'lodash';
    }
    if (!Object.prototype.hasOwnProperty.call(MODULES, name)) {
      var error = new Error("Cannot find module '" + specifier + "': the sandbox provides " + keys(MODULES).join(', '));
      error.code = 'MODULE_NOT_FOUND';
      throw error;
    }
    var exported = MODULES[name]();
    if (pinned !== null && BUNDLED.indexOf(name) >= 0) {
      var bundled = call('libraryVersion', { name: name });
      if (String(pinned).split('.')[0] !== String(bundled).split('.')[0]) warn("require('" + specifier + "') gets the bundled " + name + ' ' + bundled);
    }
    if (sub !== null) {
      if (typeof exported[sub] !== 'function') throw new Error("Cannot find module '" + specifier + "'");
      return exported[sub];
    }
    return exported;
  }
  global.require = requireModule;

  // ---- the invocation ----------------------------------------------------------------------------
  // An error thrown by user code inside a callback the sandbox invokes (a timer, an HTTP response)
  // fails the invocation, as an uncaught exception fails a rule on Auth0.
  function guard(fn) {
    try {
      fn();
    } catch (error) {
      if (run && run.fail) run.fail(error);
    }
  }

  function UnauthorizedError(message) {
    if (!(this instanceof UnauthorizedError)) return new UnauthorizedError(message);
    var e = new Error(message);
    defineProperty(this, 'stack', { value: e.stack, writable: true, configurable: true });
    this.message = message === undefined ? '' : String(message);
  }
  UnauthorizedError.prototype = Object.create(Error.prototype);
  UnauthorizedError.prototype.constructor = UnauthorizedError;
  UnauthorizedError.prototype.name = 'UnauthorizedError';
  global.UnauthorizedError = UnauthorizedError;

  function describeError(error, fallbackKind) {
    if (error instanceof UnauthorizedError) return { kind: 'unauthorized', name: 'UnauthorizedError', message: String(error.message), stack: String(error.stack || '') };
    if (error instanceof Error) return { kind: fallbackKind || 'error', name: String(error.name), message: String(error.message), stack: String(error.stack || '') };
    if (typeof error === 'string') return { kind: fallbackKind || 'error', name: 'Error', message: error, stack: '' };
    var text;
    try { text = stringify(error); } catch (e) { text = String(error); }
    return { kind: fallbackKind || 'error', name: 'Error', message: text === undefined ? String(error) : text, stack: '' };
  }

  function plain(value) {
    return value === undefined ? undefined : parse(stringify(value));
  }

  function startRun(input) {
    timers = {};
    run = { logs: [], warnings: [], fail: null };
    var secrets = freeze(input.secrets || {});
    global.configuration = secrets;
    return secrets;
  }
  // The answer to the host, as JSON text. `user` and `context` may already be JSON text (taken when
  // the rule called back, so later changes to the objects do not count): spliced in, not re-parsed.
  function finish(result) {
    var logs = stringify(run.logs);
    var warnings = stringify(run.warnings);
    run = null;
    var parts = ['"status":' + stringify(result.status)];
    if (result.userJson !== undefined) parts.push('"user":' + result.userJson);
    else if (result.user !== undefined) parts.push('"user":' + stringify(result.user));
    if (result.contextJson !== undefined) parts.push('"context":' + result.contextJson);
    else if (result.context !== undefined) parts.push('"context":' + stringify(result.context));
    if (result.metadata !== undefined) parts.push('"metadata":' + stringify(result.metadata));
    if (result.error !== undefined) parts.push('"error":' + stringify(result.error));
    parts.push('"logs":' + logs, '"warnings":' + warnings);
    return '{' + parts.join(',') + '}';
  }

  function metadataWriter(field, state) {
    return function (userOrId, metadata) {
      var userId = userOrId && typeof userOrId === 'object' ? userOrId.user_id : userOrId;
      return callAsync('updateMetadata', { userId: String(userId), field: field, metadata: plain(metadata) === undefined ? {} : plain(metadata) }).then(function (r) {
        if (r.error) throw new Error(r.error);
        if (String(userId) === state.userId && state.user) state.user[field] = r.metadata;
        return undefined;
      });
    };
  }

  // Rules: function (user, context, callback)
  function invokeRule(rule, inputJson) {
    var input = parse(inputJson);
    var user = input.user;
    var context = input.context;
    var state = { userId: user.user_id, user: user };
    startRun(input);
    global.auth0 = freeze({
      domain: input.domain,
      accessToken: undefined,
      users: freeze({ updateAppMetadata: metadataWriter('app_metadata', state), updateUserMetadata: metadataWriter('user_metadata', state) }),
    });
    return new PromiseCtor(function (resolve) {
      var settled = false;
      var current = run;
      function settle(result) {
        if (settled) return;
        settled = true;
        // Finished one job later, so that a second synchronous callback call is still reported.
        PromiseCtor.resolve().then(function () {
          resolve(finish(result));
        });
      }
      current.fail = function (error) {
        settle({ status: 'error', error: describeError(error) });
      };
      var calls = 0;
      function callback(error, newUser, newContext) {
        calls++;
        if (calls > 1) {
          if (run === current) warn('callback called more than once; the later call was ignored');
          return;
        }
        if (error !== null && error !== undefined) {
          settle({ status: 'error', error: describeError(error) });
          return;
        }
        var outUser = newUser === undefined ? user : newUser;
        var outContext = newContext === undefined ? context : newContext;
        try {
          var userJson = stringify(outUser);
          var contextJson = stringify(outContext);
          if (userJson === undefined || contextJson === undefined) throw new TypeError('callback: user and context must be objects');
          settle({ status: 'ok', userJson: userJson, contextJson: contextJson });
        } catch (e) {
          settle({ status: 'error', error: describeError(e) });
        }
      }
      try {
        rule.call(undefined, user, context, callback);
      } catch (error) {
        settle({ status: 'error', error: describeError(error) });
      }
    });
  }

  // Actions: exports.onExecutePostLogin = async (event, api) => {}
  function eventFrom(user, context) {
    var request = context.request || {};
    var geo = request.geoip;
    var event = {
      user: plain(user),
      client: { client_id: context.clientID, name: context.clientName, metadata: context.clientMetadata || {} },
      connection: { id: context.connectionID, name: context.connection, strategy: context.connectionStrategy, metadata: {} },
      transaction: { protocol: context.protocol, requested_scopes: (context.accessToken && context.accessToken.scope) || [], locale: undefined },
      request: {
        ip: request.ip,
        user_agent: request.userAgent,
        hostname: request.hostname,
        method: request.method,
        language: request.language,
        query: request.query || {},
        body: request.body || {},
        geoip: geo ? { countryCode: geo.country_code, countryCode3: geo.country_code3, countryName: geo.country_name, cityName: geo.city_name, latitude: geo.latitude, longitude: geo.longitude, timeZone: geo.time_zone, continentCode: geo.continent_code } : undefined,
      },
      stats: { logins_count: (context.stats && context.stats.loginsCount) || 0 },
      session: context.sessionID ? { id: context.sessionID } : undefined,
      authentication: context.authentication || { methods: [] },
      authorization: context.authorization || { roles: [] },
      tenant: { id: context.tenant },
      organization: context.organization,
    };
    if (!event.user.app_metadata || typeof event.user.app_metadata !== 'object') event.user.app_metadata = {};
    if (!event.user.user_metadata || typeof event.user.user_metadata !== 'object') event.user.user_metadata = {};
    return event;
  }

  var actionCache = {};
  function invokeAction(moduleExports, inputJson) {
    var input = parse(inputJson);
    var user = input.user;
    var context = input.context;
    var secrets = startRun(input);
    var current = run;
    var event = eventFrom(user, context);
    event.secrets = secrets;
    var denied = null;
    var idTokenClaims = {};
    var accessTokenClaims = {};
    var scopes = ((context.accessToken && context.accessToken.scope) || []).slice();
    var metadata = { app_metadata: {}, user_metadata: {} };
    function claimSetter(target) {
      return function (name, value) {
        target[String(name)] = plain(value);
      };
    }
    function metadataSetter(field) {
      return function (name, value) {
        metadata[field][String(name)] = value === undefined ? null : plain(value);
        if (value === null || value === undefined) delete event.user[field][name];
        else event.user[field][name] = plain(value);
      };
    }
    var api = {
      access: { deny: function (reason) { if (denied === null) denied = reason === undefined ? '' : String(reason); return api; } },
      idToken: { setCustomClaim: function (n, v) { claimSetter(idTokenClaims)(n, v); return api; } },
      accessToken: {
        setCustomClaim: function (n, v) { claimSetter(accessTokenClaims)(n, v); return api; },
        addScope: function (s) { if (scopes.indexOf(String(s)) < 0) scopes.push(String(s)); return api; },
        removeScope: function (s) { scopes = scopes.filter(function (x) { return x !== String(s); }); return api; },
      },
      user: { setAppMetadata: function (n, v) { metadataSetter('app_metadata')(n, v); return api; }, setUserMetadata: function (n, v) { metadataSetter('user_metadata')(n, v); return api; } },
      cache: {
        get: function (key) {
          var entry = actionCache[String(key)];
          if (!entry) return undefined;
          if (entry.expires_at <= Date.now()) { delete actionCache[String(key)]; return undefined; }
          return { value: entry.value, expires_at: entry.expires_at };
        },
        set: function (key, value, options) {
          var ttl = options && options.ttl ? Number(options.ttl) : 15 * 60 * 1000;
          var expiresAt = options && options.expires_at ? Number(options.expires_at) : Date.now() + ttl;
          actionCache[String(key)] = { value: String(value), expires_at: expiresAt };
          return { type: 'success' };
        },
        delete: function (key) { delete actionCache[String(key)]; return { type: 'success' }; },
      },
      multifactor: { enable: function () { warn('api.multifactor.enable is not supported by the gateway; ignored'); return api; } },
      redirect: {
        sendUserTo: function () { warn('api.redirect.sendUserTo is not supported by the gateway; ignored'); return api; },
        encodeToken: function () { throw new Error('api.redirect.encodeToken is not supported by the gateway'); },
        validateToken: function () { throw new Error('api.redirect.validateToken is not supported by the gateway'); },
      },
    };
    return new PromiseCtor(function (resolve) {
      var settled = false;
      function settle(result) {
        if (settled) return;
        settled = true;
        // Finished one job later, so that a second synchronous callback call is still reported.
        PromiseCtor.resolve().then(function () {
          resolve(finish(result));
        });
      }
      current.fail = function (error) {
        settle({ status: 'error', error: describeError(error) });
      };
      function done() {
        try {
          var outContext = context; // the action never sees this object (it sees event)
          outContext.idToken = outContext.idToken || {};
          outContext.accessToken = outContext.accessToken || {};
          keys(idTokenClaims).forEach(function (k) { outContext.idToken[k] = idTokenClaims[k]; });
          keys(accessTokenClaims).forEach(function (k) { outContext.accessToken[k] = accessTokenClaims[k]; });
          outContext.accessToken.scope = scopes;
          var outUser = user;
          ['app_metadata', 'user_metadata'].forEach(function (field) {
            var changes = metadata[field];
            if (!keys(changes).length) return;
            outUser[field] = outUser[field] && typeof outUser[field] === 'object' ? outUser[field] : {};
            keys(changes).forEach(function (k) { if (changes[k] === null) delete outUser[field][k]; else outUser[field][k] = changes[k]; });
          });
          var result = { status: denied === null ? 'ok' : 'error', user: outUser, context: outContext, metadata: metadata };
          if (denied !== null) result.error = { kind: 'denied', name: 'AccessDenied', message: denied, stack: '' };
          settle(result);
        } catch (e) {
          settle({ status: 'error', error: describeError(e) });
        }
      }
      var handler = moduleExports && moduleExports.onExecutePostLogin;
      if (typeof handler !== 'function') {
        settle({ status: 'error', error: { kind: 'error', name: 'TypeError', message: 'the action does not export onExecutePostLogin', stack: '' } });
        return;
      }
      var returned;
      try {
        returned = handler(event, api);
      } catch (error) {
        settle({ status: 'error', error: describeError(error) });
        return;
      }
      PromiseCtor.resolve(returned).then(done, function (error) {
        settle({ status: 'error', error: describeError(error) });
      });
    });
  }

  // Definitions are compiled once per context: the host evaluates the wrapped script and hands the
  // result to these checks.
  function checkRule(value) {
    if (typeof value !== 'function') throw new TypeError('a rule must be a function (user, context, callback)');
    return value;
  }
  function loadAction(factory) {
    var module = { exports: {} };
    factory.call(module.exports, module.exports, module, requireModule);
    return module.exports;
  }

  function reset() {
    timers = {};
    actionCache = {};
  }

  return { checkRule: checkRule, loadAction: loadAction, invokeRule: invokeRule, invokeAction: invokeAction, reset: reset };
});
