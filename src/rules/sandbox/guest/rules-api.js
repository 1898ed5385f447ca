// Part of the sandbox prelude (see README in this folder): evaluated inside QuickJS, once per
// context, before any rule or action code; the parts share one scope and load in the order
// definition-sandbox.ts lists them. Rules: `function (user, context, callback)`, `auth0.users.*`.
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
