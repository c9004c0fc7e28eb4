#!/usr/bin/env python3
"""A sample IdP in Python's standard library (hmac, hashlib, base64, http.server): the same flows
and flaws as node-idp.js for HappyFox, Zendesk, Deskpro and Mojo, and DiscourseConnect (its flaw:
wrong-sig-key). Usage: python3 python_idp.py '{"vendor":"happyfox","secret":"...","consumeUrl":"..."}'
It prints its URL on the first line of stdout, then serves until killed."""
import base64
import hashlib
import hmac
import html
import json
import sys
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlencode, urlsplit

CONFIG = json.loads(sys.argv[1])
USERS = {
    "alice": {"email": "alice@example.com", "name": "Alice Example", "password": "alice-pw"},
    "zoe": {"email": "o.brien+sso@exämple.org", "name": "Zoë O'Brien-Ångström", "password": "zoe-pw"},
}
SESSIONS = {}  # sid -> {"user": id, "token": str | None}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def claims_for(user):
    flaw = CONFIG.get("flaw")
    now = int(time.time())
    iat = now - 600 if flaw == "stale-iat" else int(time.time() * 1000) if flaw == "millis" else now
    jti = "always-the-same-jti" if flaw == "reuse-jti" else str(uuid.uuid4())
    first, _, last = user["name"].partition(" ")
    vendor = CONFIG["vendor"]
    if vendor == "mojo":
        return {"iat": iat, "email": user["email"], "first_name": first, "last_name": last}
    if vendor == "deskpro":
        return {"iat": iat, "exp": now + 300, "jti": jti, "id": user["email"], "email": user["email"], "name": user["name"]}
    return {"iat": iat, "jti": jti, "email": user["email"], "name": user["name"]}


def mint(user) -> str:
    secret = CONFIG["secret"]
    key = base64.b64decode(secret + "=" * (-len(secret) % 4)) if CONFIG.get("flaw") == "secret-base64" else secret.encode("utf-8")
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode("utf-8"))
    payload = b64url(json.dumps(claims_for(user), separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
    signing_input = f"{header}.{payload}".encode("ascii")
    return f"{header}.{payload}.{b64url(hmac.new(key, signing_input, hashlib.sha256).digest())}"


def page(title, body):
    return f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head><body>{body}</body></html>'


def login_form(query, error=None):
    message = f'<p id="error">{html.escape(error)}</p>' if error else ""
    return page(
        "Sign in - Sample IdP (Python)",
        f'<h1>Sample IdP</h1>{message}<form method="post" action="/login"><input type="hidden" name="q" value="{html.escape(query)}">'
        '<label>User <input id="username" name="username"></label><label>Password <input id="password" name="password" type="password"></label>'
        '<button id="signin" type="submit">Sign in</button></form>',
    )


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def cookie_sid(self):
        for part in (self.headers.get("Cookie") or "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == "idp_sid":
                return value
        return None

    def send(self, status, body="", headers=None, content_type="text/html; charset=utf-8"):
        data = body.encode("utf-8")
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def deliver(self, query, token, headers):
        flaw = CONFIG.get("flaw")
        vendor = CONFIG["vendor"]
        return_to = None if flaw == "drop-return" else query.get("return_to", [None])[0]
        if vendor == "deskpro":
            back = query.get("return", [CONFIG["consumeUrl"]])[0]
            headers["Location"] = f"{back}{'&' if '?' in back else '?'}jwt={quote(token, safe='')}"
            return self.send(302, "", headers)
        if vendor == "zendesk" and flaw != "get-not-post":
            fields = [("jwt", token)] + ([("return_to", return_to)] if return_to is not None else [])
            inputs = "".join(f'<input type="hidden" name="{n}" value="{html.escape(v)}">' for n, v in fields)
            form = f'<form method="post" action="{html.escape(CONFIG["consumeUrl"])}">{inputs}</form><script>document.forms[0].submit()</script>'
            return self.send(200, page("Signing in", form), headers)
        param = "jwt" if vendor == "zendesk" else "token"
        if flaw == "no-url-encode":
            raw = f"{CONFIG['consumeUrl']}?{param}={token}" + (f"&return_to={return_to}" if return_to is not None else "")
            headers["Location"] = quote(raw, safe=":/?&=#+%")
        else:
            pairs = [(param, token)] + ([("return_to", return_to)] if return_to is not None else [])
            headers["Location"] = f"{CONFIG['consumeUrl']}?{urlencode(pairs, quote_via=quote)}"
        return self.send(302, "", headers)

    def discourse(self, query, user, headers):
        """DiscourseConnect: check sig over the sso sent, answer its nonce with the user's fields, signed."""
        secret = CONFIG["secret"].encode("utf-8")
        sso = query.get("sso", [""])[0]
        if not hmac.compare_digest(hmac.new(secret, sso.encode("ascii"), hashlib.sha256).hexdigest(), query.get("sig", [""])[0]):
            return self.send(403, "DiscourseConnect: bad sig", headers, "text/plain; charset=utf-8")
        sent = parse_qs(base64.b64decode(sso).decode("utf-8"))
        user_id = "u-" + hashlib.sha256(user["email"].encode("utf-8")).hexdigest()[:12]
        fields = {"nonce": sent["nonce"][0], "email": user["email"], "external_id": user_id, "name": user["name"]}
        payload = base64.b64encode(urlencode(fields).encode("utf-8")).decode("ascii")
        key = secret + b"-not-the-shared-one" if CONFIG.get("flaw") == "wrong-sig-key" else secret
        sig = hmac.new(key, payload.encode("ascii"), hashlib.sha256).hexdigest()
        headers["Location"] = f"{sent['return_sso_url'][0]}?{urlencode({'sso': payload, 'sig': sig})}"
        return self.send(302, "", headers)

    def do_GET(self):
        url = urlsplit(self.path)
        query = parse_qs(url.query, keep_blank_values=True)
        sid = self.cookie_sid()
        if url.path == "/login":
            headers = {}
            session = SESSIONS.get(sid) if sid else None
            if session is None:
                if CONFIG.get("form"):
                    return self.send(200, login_form(url.query))
                sid = str(uuid.uuid4())
                session = {"user": "zoe" if query.get("user", [""])[0] == "special" else "alice", "token": None}
                SESSIONS[sid] = session
                headers["Set-Cookie"] = f"idp_sid={sid}; Path=/; HttpOnly; SameSite=Lax"
            if CONFIG["vendor"] == "discourse":
                return self.discourse(query, USERS[session["user"]], headers)
            if not (CONFIG.get("flaw") == "reuse-token" and session["token"]):
                session["token"] = mint(USERS[session["user"]])
            return self.deliver(query, session["token"], headers)
        if url.path == "/logout":
            headers = {}
            if CONFIG.get("flaw") != "ignore-logout":
                SESSIONS.pop(sid, None)
                headers["Set-Cookie"] = "idp_sid=; Path=/; Max-Age=0"
            message = query.get("message", [None])[0] if query.get("kind", [""])[0] == "error" else None
            body = f'<p id="message">{html.escape(message)}</p>' if message else '<p id="signed-out">You are signed out.</p>'
            return self.send(200, page("Signed out", body), headers)
        return self.send(404, "not found", content_type="text/plain")

    def do_POST(self):
        url = urlsplit(self.path)
        if url.path != "/login":
            return self.send(404, "not found", content_type="text/plain")
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode("utf-8"), keep_blank_values=True)
        user = form.get("username", [""])[0]
        query = form.get("q", [""])[0]
        if user not in USERS or USERS[user]["password"] != form.get("password", [""])[0]:
            return self.send(200, login_form(query, "Wrong user or password"))
        sid = str(uuid.uuid4())
        SESSIONS[sid] = {"user": user, "token": None}
        return self.send(303, "", {"Location": f"/login?{query}", "Set-Cookie": f"idp_sid={sid}; Path=/; HttpOnly; SameSite=Lax"})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
server.serve_forever()
