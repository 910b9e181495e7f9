using System.Globalization;

namespace Mekong.Platform.Jobs;

/// <summary>How far a long piece of work is: <paramref name="Done"/> of <paramref name="Total"/> (unknown: null), and what it is doing.</summary>
public sealed record ProgressUpdate(long Done, long? Total, string? Message)
{
    /// <summary>Null when the total is unknown; 100 when there is nothing to do (a total of 0).</summary>
    public int? Percent => Total switch
    {
        null or < 0 => null,
        0 => 100,
        { } total => (int)Math.Clamp(Done * 100 / total, 0, 100),
    };
}

/// <summary>
/// Progress of a CLI verb on the console: a bar redrawn in place on a terminal, plain lines when the output is a
/// file or a pipe (one at each tenth of the way or when the message changes, so a log stays short).
/// Work reports through <see cref="IProgress{T}"/> of <see cref="ProgressUpdate"/>; it does not know where it goes.
/// </summary>
public sealed class ConsoleProgress(TextWriter output, bool interactive, int width = 30) : IProgress<ProgressUpdate>, IDisposable
{
    private readonly Lock _gate = new();
    private int _lastTenth = -1;
    private string? _lastMessage;
    private bool _drawn;

    /// <summary>For the real console: a bar only when standard output is a terminal.</summary>
    public static ConsoleProgress ForConsole() => new(Console.Out, !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb");

    /// <summary>On standard error, for a verb whose standard output is its result (a report a script reads): a bar only when standard error is a terminal.</summary>
    public static ConsoleProgress ForStandardError() => new(Console.Error, !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb");

    public void Report(ProgressUpdate value)
    {
        lock (_gate)
        {
            if (interactive)
            {
                output.Write("\r\u001b[2K" + Bar(value));
                output.Flush();
                _drawn = true;
                return;
            }

            var tenth = value.Percent is { } p ? p / 10 : -1;
            if (tenth == _lastTenth && value.Message == _lastMessage)
            {
                return;
            }

            _lastTenth = tenth;
            _lastMessage = value.Message;
            output.WriteLine(Line(value));
        }
    }

    internal string Bar(ProgressUpdate value)
    {
        var filled = value.Percent is { } p ? p * width / 100 : 0;
        var bar = value.Percent is null ? new string('·', width) : new string('█', filled) + new string('░', width - filled);
        return $"{bar} {Line(value)}";
    }

    internal static string Line(ProgressUpdate value)
    {
        var count = value.Total is { } total
            ? string.Create(CultureInfo.InvariantCulture, $"{value.Done}/{total} ({value.Percent}%)")
            : value.Done.ToString(CultureInfo.InvariantCulture);
        return value.Message is null ? count : $"{count} {value.Message}";
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_drawn)
            {
                output.WriteLine();
                _drawn = false;
            }
        }
    }
}
