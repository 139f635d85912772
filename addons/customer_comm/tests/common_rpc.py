import json


class JsonRpcMixin:
    """Calls a model method over HTTP as the web client does (``/web/dataset/call_kw``), for the tests
    that try a side door as a logged-in user: a method or a field the forms do not offer."""

    def call_kw(self, login, model, method, args, kwargs=None):
        """Log in as ``login`` (password = login, as ``new_test_user`` sets it) and return the JSON reply."""
        self.authenticate(login, login)
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        }
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def assertRpcRefused(self, reply, exception, message=None):
        """The call was refused with ``exception`` (e.g. ``"odoo.exceptions.AccessError"``)."""
        self.assertIn("error", reply, f"the call went through: {reply.get('result')!r}")
        self.assertEqual(reply["error"]["data"]["name"], exception, reply["error"]["data"]["message"])
        if message:
            self.assertIn(message, reply["error"]["data"]["message"])
