using System.Diagnostics;
using MimeKit;

namespace Mekong.Testing;

/// <summary>
/// A real SMTP server on loopback: Smtp/smtp_sink.py on Debian's python3-aiosmtpd (installed by test.sh; ADR 0016),
/// writing every accepted message to a directory the test reads. Stopped (stdin closed, then killed) on dispose.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Process _process;

    private SmtpSink(Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        Directory = directory;
    }

    public int Port { get; }

    public string Directory { get; }

    /// <summary>
    /// Starts the server on <paramref name="port"/> (a free one when 0); returns once it listens. With
    /// <paramref name="tls"/> (PEM files) it requires STARTTLS, or speaks TLS from the first byte when
    /// <paramref name="implicitTls"/>; with <paramref name="account"/> it requires AUTH with that user and password.
    /// </summary>
    public static async Task<SmtpSink> StartAsync(int port = 0, (string Cert, string Key)? tls = null, (string User, string Password)? account = null, bool implicitTls = false)
    {
        port = port == 0 ? ServerProcess.FreePort() : port;
        var directory = System.IO.Directory.CreateTempSubdirectory("mekong-smtp-").FullName;
        var start = new ProcessStartInfo(Python())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Smtp", "smtp_sink.py"));
        foreach (var arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dir", directory })
        {
            start.ArgumentList.Add(arg);
        }

        if (tls is { } t)
        {
            start.ArgumentList.Add("--tls-cert");
            start.ArgumentList.Add(t.Cert);
            start.ArgumentList.Add("--tls-key");
            start.ArgumentList.Add(t.Key);
            if (implicitTls)
            {
                start.ArgumentList.Add("--implicit-tls");
            }
        }

        if (account is { } a)
        {
            start.ArgumentList.Add("--user");
            start.ArgumentList.Add(a.User);
            start.ArgumentList.Add("--password");
            start.ArgumentList.Add(a.Password);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start python3.");
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null || !line.StartsWith("ready", StringComparison.Ordinal))
            {
                await process.WaitForExitAsync(CancellationToken.None);
                Assert.Fail($"The SMTP sink did not start (is python3-aiosmtpd installed? test.sh installs it): {await errors}");
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            Assert.Fail("The SMTP sink did not start within 30 s.");
        }

        return new SmtpSink(process, port, directory);
    }

    /// <summary>The messages received so far, oldest first.</summary>
    public IReadOnlyList<MimeMessage> Messages() =>
        System.IO.Directory.GetFiles(Directory, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f)).ToList();

    /// <summary>Waits until at least <paramref name="count"/> messages arrived (fails after <paramref name="within"/>).</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            var messages = Messages();
            if (messages.Count >= count)
            {
                return messages;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Expected {count} e-mail(s) within {within}; got {Messages().Count}.");
        return [];
    }

    /// <summary>Debian's interpreter, which has python3-aiosmtpd (a pyenv python3 on PATH would not).</summary>
    private static string Python() => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the system's temporary-file cleanup.
        }
    }
}
