// Part of the sandbox prelude (see README in this folder): evaluated inside QuickJS, once per
// context, before any rule or action code; the parts share one scope and load in the order
// definition-sandbox.ts lists them. Post-login actions: `event` and `api`.
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
