using System.Diagnostics;
using System.Net;
using Mekong.IntegrationTests.Infrastructure;

namespace Mekong.IntegrationTests;

/// <summary>
/// The real thing: Debian's nginx on a loopback port, configured as docs/operations.md says (TLS is its business, so
/// here it only adds <c>X-Forwarded-Proto: https</c> as a TLS-terminating proxy would), in front of the real server
/// process in Production with <c>https_port=443</c> and nginx as its known proxy. A log-in through nginx gets HSTS
/// and a <c>Secure</c> cookie, and is not redirected to itself.
/// </summary>
public sealed class NginxProxyTests : IAsyncLifetime
{
    private const string PublicHost = "ioc.phusa.example";
    private TestStorage? _storage;
    private ServerProcess? _server;
    private Process? _nginx;
    private string? _prefix;
    private Uri? _proxyUrl;

    public async ValueTask InitializeAsync()
    {
        Assert.True(File.Exists(NginxBinary), $"nginx is not installed at {NginxBinary} (./test.sh installs nginx-light).");
        _storage = await TestStorage.CreateDemoAsync(DatabaseKind.Sqlite);
        _server = await ServerCli.StartAsync(_storage, new Dictionary<string, string>
        {
            ["Mekong__ReverseProxy__KnownProxies__0"] = "127.0.0.1",
            ["https_port"] = "443",
            ["Mekong__Map__TileUrl"] = string.Empty,
        });
        _prefix = Directory.CreateTempSubdirectory("mekong-nginx-").FullName;
        var port = ServerProcess.FreePort();
        _proxyUrl = new Uri($"http://127.0.0.1:{port}/");
        await File.WriteAllTextAsync(Path.Combine(_prefix, "nginx.conf"), Config(port, _server.BaseUrl), TestContext.Current.CancellationToken);
        var start = new ProcessStartInfo(NginxBinary) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-p", _prefix, "-c", "nginx.conf", "-e", Path.Combine(_prefix, "error.log"), "-g", "daemon off;" })
        {
            start.ArgumentList.Add(arg);
        }

        _nginx = Process.Start(start) ?? throw new InvalidOperationException("Could not start nginx.");
        await WaitForNginxAsync();
    }

    [Fact]
    public async Task A_log_in_through_nginx_gets_HSTS_and_a_Secure_cookie()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _proxyUrl };

        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, "/login");
        pageRequest.Headers.Host = PublicHost;
        var page = await http.SendAsync(pageRequest, cancellation);
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET /login through nginx gave {(int)page.StatusCode} {page.Headers.Location}\n{_server!.Log()}");
        var token = SignIn.AntiforgeryToken(await page.Content.ReadAsStringAsync(cancellation));
        var cookies = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        using var login = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = Demo.Viewer,
                ["Password"] = Demo.Password,
                ["ReturnUrl"] = "/ops",
                ["__RequestVerificationToken"] = token,
            }),
        };
        login.Headers.Host = PublicHost;
        login.Headers.Add("Cookie", cookies);
        var response = await http.SendAsync(login, cancellation);

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellation)}");
        Assert.Equal("/ops", response.Headers.Location?.OriginalString);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"), "No HSTS through nginx.");
        var auth = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".Mekong.Auth=", StringComparison.Ordinal));
        Assert.Contains("; secure", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_server_itself_still_sends_plain_HTTP_to_HTTPS()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _server!.BaseUrl };

        var direct = await http.GetAsync("/login", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, direct.StatusCode);
        Assert.StartsWith("https://", direct.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    private const string NginxBinary = "/usr/sbin/nginx";

    /// <summary>The example of docs/operations.md, minus TLS: listens on loopback, everything it writes stays in the prefix.</summary>
    private static string Config(int port, Uri upstream) => $$"""
        worker_processes 1;
        pid nginx.pid;
        events { worker_connections 64; }
        http {
            access_log access.log;
            client_body_temp_path client_body;
            proxy_temp_path proxy;
            fastcgi_temp_path fastcgi;
            uwsgi_temp_path uwsgi;
            scgi_temp_path scgi;
            server {
                listen 127.0.0.1:{{port}};
                server_name {{PublicHost}};
                location / {
                    proxy_pass {{upstream.GetLeftPart(UriPartial.Authority)}};
                    proxy_http_version 1.1;
                    proxy_set_header Host $host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto https;
                    proxy_set_header X-Forwarded-Host $host;
                    proxy_set_header Upgrade $http_upgrade;
                    proxy_set_header Connection $http_connection;
                }
            }
        }
        """;

    private async Task WaitForNginxAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 80; i++)
        {
            if (_nginx!.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with code {_nginx.ExitCode}: {await _nginx.StandardError.ReadToEndAsync()} {ErrorLog()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(_proxyUrl!, "health/live"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("nginx did not answer within 20 s: " + ErrorLog());
    }

    private string ErrorLog()
    {
        var path = Path.Combine(_prefix!, "error.log");
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }

    public async ValueTask DisposeAsync()
    {
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }

        _nginx?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }

        if (_prefix is not null)
        {
            try
            {
                Directory.Delete(_prefix, recursive: true);
            }
            catch (IOException)
            {
                // nginx's temp folders may still be held for a moment.
            }
        }
    }
}
