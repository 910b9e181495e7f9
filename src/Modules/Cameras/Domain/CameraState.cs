namespace Mekong.Modules.Cameras.Domain;

/// <summary>
/// What the operations centre believes of a camera (ADR 0028): <see cref="Online"/> gives a good picture,
/// <see cref="Degraded"/> answers but its picture (or its ONVIF service) is wrong, <see cref="Offline"/> cannot be
/// reached or refuses its stream, <see cref="Unknown"/> has not been checked yet, <see cref="Maintenance"/> is in a
/// maintenance window and does not count against the score.
/// </summary>
internal enum CameraState
{
    Unknown,
    Online,
    Degraded,
    Offline,
    Maintenance,
}

/// <summary>Why a check found a camera not healthy; stored as its kebab-case name.</summary>
internal enum CameraFault
{
    None,

    /// <summary>No TCP connection to its RTSP port (dead, unplugged, a power or network cut).</summary>
    Unreachable,

    /// <summary>Connected but no answer in time.</summary>
    Timeout,

    /// <summary>The camera refused the credentials.</summary>
    BadCredentials,

    /// <summary>RTSP answered but DESCRIBE has no video track (or RTSP is broken).</summary>
    NoVideo,

    /// <summary>The ONVIF device service failed.</summary>
    Onvif,

    /// <summary>The snapshot was not a decodable JPEG.</summary>
    BadSnapshot,

    /// <summary>The picture has not changed for several checks.</summary>
    Frozen,

    /// <summary>The picture is black or one uniform colour.</summary>
    Black,

    /// <summary>The view differs from its usual one (moved, covered, sprayed).</summary>
    Covered,

    /// <summary>It answers, but slowly.</summary>
    Slow,
}

/// <summary>How bad a fault is: which state a check with it points to.</summary>
internal static class CameraFaults
{
    public static CameraState StateOf(CameraFault fault) => fault switch
    {
        CameraFault.None => CameraState.Online,
        CameraFault.Unreachable or CameraFault.Timeout or CameraFault.BadCredentials or CameraFault.NoVideo => CameraState.Offline,
        _ => CameraState.Degraded,
    };

    public static string Name(CameraFault fault) => fault switch
    {
        CameraFault.BadCredentials => "bad-credentials",
        CameraFault.NoVideo => "no-video",
        CameraFault.BadSnapshot => "bad-snapshot",
        _ => fault.ToString().ToLowerInvariant(),
    };

    public static string Name(CameraState state) => state.ToString().ToLowerInvariant();

    public static bool TryParseState(string? text, out CameraState state) =>
        Enum.TryParse(text, ignoreCase: true, out state) && Enum.IsDefined(state) && !int.TryParse(text, out _);
}
