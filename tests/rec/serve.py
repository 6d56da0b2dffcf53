# The test site of tests/sh/rec-warc.sh: Python's http.server over
# tests/rec/site on 127.0.0.1, on a port the system picks (printed on
# the first line). ko.html is EUC-KR without a <meta charset>: the
# server names its charset in the Content-Type header, as servers do.
import functools, http.server, sys

class Handler(http.server.SimpleHTTPRequestHandler):
    def guess_type(self, path):
        if path.endswith("ko.html"):
            return "text/html; charset=EUC-KR"
        return super().guess_type(path)
    def log_message(self, *a):
        pass

srv = http.server.ThreadingHTTPServer(
    ("127.0.0.1", 0), functools.partial(Handler, directory=sys.argv[1]))
print(srv.server_address[1], flush=True)
srv.serve_forever()
