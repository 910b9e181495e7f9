using System.Net;
using System.Net.Sockets;
using System.Text;
using Mekong.Modules.Notifications.Delivery;
using Microsoft.Extensions.Options;

namespace Mekong.UnitTests.Notifications;

/// <summary>The webhook target policy (ADR 0019): which URLs may be saved and which addresses the webhook client may connect to.</summary>
public sealed class WebhookTargetPolicyTests
{
    [Fact]
    public void Https_to_a_public_address_or_name_is_allowed_by_default()
    {
        var policy = Policy();

        Assert.Null(policy.CheckUrl(new Uri("https://hooks.example.org/mekong")));
        Assert.Null(policy.CheckUrl(new Uri("https://203.0.113.7/hook")));
        Assert.Null(policy.CheckUrl(new Uri("https://[2001:db8::7]/hook")));
        Assert.Null(policy.Why(IPAddress.Parse("8.8.8.8")));
    }

    [Fact]
    public void Plain_http_is_refused_unless_the_setting_allows_it()
    {
        Assert.Contains("Mekong:Webhooks:AllowHttp", Policy().CheckUrl(new Uri("http://hooks.example.org/")), StringComparison.Ordinal);
        Assert.Null(Policy(allowHttp: true).CheckUrl(new Uri("http://hooks.example.org/")));
    }

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("172.31.255.254", "private")]
    [InlineData("192.168.0.1", "private")]
    [InlineData("fc00::1", "private")]
    [InlineData("fdff::1", "private")]
    [InlineData("100.64.0.1", "shared")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("ff05::2", "multicast")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("255.255.255.255", "broadcast")]
    public void Inner_addresses_are_refused_naming_the_class(string address, string why) =>
        Assert.Contains(why, Policy().Why(IPAddress.Parse(address)), StringComparison.Ordinal);

    [Fact]
    public void The_allow_list_opens_exactly_its_networks_and_host_names()
    {
        var policy = Policy(allowed: ["10.20.0.0/16", "fd00:1::7", "hooks.internal.example"]);

        Assert.Null(policy.Why(IPAddress.Parse("10.20.3.4")));
        Assert.Contains("private", policy.Why(IPAddress.Parse("10.21.0.1")), StringComparison.Ordinal);
        Assert.Null(policy.Why(IPAddress.Parse("fd00:1::7")));
        Assert.Contains("private", policy.Why(IPAddress.Parse("fd00:1::8")), StringComparison.Ordinal);
        Assert.Null(policy.CheckUrl(new Uri("https://10.20.0.9/hook")));
        Assert.Null(policy.CheckUrl(new Uri("https://hooks.internal.example/hook")));
        Assert.NotNull(policy.CheckUrl(new Uri("https://10.30.0.9/hook")));
    }

    [Fact]
    public void The_settings_name_an_allow_list_entry_that_is_neither_a_network_nor_a_host()
    {
        var validator = new WebhookOptionsValidator();

        Assert.True(validator.Validate(null, new WebhookOptions { AllowedNetworks = ["10.0.0.0/8", "::1", "hooks.example"] }).Succeeded);
        var failed = validator.Validate(null, new WebhookOptions { AllowedNetworks = ["10.0.0.0/8", "10.0.0.0/40 x"] });
        Assert.True(failed.Failed);
        Assert.Contains("Mekong:Webhooks:AllowedNetworks:1", failed.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_at_connect_time_and_nothing_connects()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = Client(Policy(allowHttp: true));

        // "localhost" passes no literal check here: only the resolved address tells.
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri($"http://localhost:{port}/hook"), TestContext.Current.CancellationToken));

        var refused = Assert.IsType<WebhookTargetRefusedException>(error.InnerException);
        Assert.Contains("loopback", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Mekong:Webhooks:AllowedNetworks", refused.Message, StringComparison.Ordinal);
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task An_allowed_network_is_connected_to_and_a_redirect_is_not_followed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var answered = AnswerOnceAsync(listener, "HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest/meta-data/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        using var client = Client(Policy(allowHttp: true, allowed: ["127.0.0.0/8"]));

        using var response = await client.GetAsync(new Uri($"http://localhost:{port}/hook"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        await answered;
    }

    private static WebhookTargetPolicy Policy(bool allowHttp = false, string[]? allowed = null) =>
        new(Options.Create(new WebhookOptions { AllowHttp = allowHttp, AllowedNetworks = allowed ?? [] }));

    /// <summary>The client as the module builds it: no redirects, no proxy, the policy's connect callback.</summary>
    private static HttpClient Client(WebhookTargetPolicy policy) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false, ConnectCallback = policy.ConnectAsync }) { Timeout = TimeSpan.FromSeconds(10) };

    private static async Task AnswerOnceAsync(TcpListener listener, string response)
    {
        using var socket = await listener.AcceptSocketAsync(TestContext.Current.CancellationToken);
        var buffer = new byte[4096];
        var received = new StringBuilder();
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, TestContext.Current.CancellationToken);
            if (n == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        await socket.SendAsync(Encoding.ASCII.GetBytes(response), SocketFlags.None, TestContext.Current.CancellationToken);
    }
}
