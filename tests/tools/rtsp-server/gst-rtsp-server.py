#!/usr/bin/python3
"""A third-party RTSP server for the prober's tests: GStreamer's gst-rtsp-server (Debian's gir1.2-gst-rtsp-server-1.0)
serving a live test picture as RTP/JPEG on 127.0.0.1, optionally behind Basic or Digest authentication.

Usage: gst-rtsp-server.py --port P [--path /live] [--auth none|basic|digest --user U --password W]
Prints "ready rtsp://127.0.0.1:P/path" once it listens; runs until killed or its standard input closes."""
import argparse
import sys
import threading

try:
    import gi

    gi.require_version("Gst", "1.0")
    gi.require_version("GstRtsp", "1.0")
    gi.require_version("GstRtspServer", "1.0")
    from gi.repository import GLib, Gst, GstRtsp, GstRtspServer
except (ImportError, ValueError) as error:
    # The tests tell a missing install from a failure by this line.
    print("missing %s" % error, flush=True)
    sys.exit(3)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/live")
    parser.add_argument("--auth", choices=["none", "basic", "digest"], default="none")
    parser.add_argument("--user", default="viewer")
    parser.add_argument("--password", default="")
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(
        "( videotestsrc is-live=true pattern=smpte ! video/x-raw,format=I420,width=320,height=240,framerate=5/1 "
        "! jpegenc quality=70 ! rtpjpegpay name=pay0 pt=26 )")
    factory.set_shared(True)
    if args.auth != "none":
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, "viewer")
        if args.auth == "basic":
            auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password), token)
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
        else:
            auth.add_digest(args.user, args.password, token)
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        server.set_auth(auth)
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_role_from_structure(Gst.Structure.new_from_string(
            "viewer, media.factory.access=(boolean)true, media.factory.construct=(boolean)true"))
        factory.set_permissions(permissions)
    server.get_mount_points().add_factory(args.path, factory)
    if server.attach(None) == 0:
        print("could not listen on 127.0.0.1:%d" % args.port, flush=True)
        return 1

    loop = GLib.MainLoop()

    def watch_stdin():
        # The test that started this server may die without killing it: a closed standard input ends it.
        sys.stdin.read()
        GLib.idle_add(loop.quit)

    threading.Thread(target=watch_stdin, daemon=True).start()
    print("ready rtsp://127.0.0.1:%d%s" % (server.get_bound_port(), args.path), flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
