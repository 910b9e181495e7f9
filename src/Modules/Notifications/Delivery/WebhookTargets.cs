using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Notifications.Delivery;

/// <summary>
/// <c>Mekong:Webhooks</c>: where webhooks may go (docs/adr/0019-webhook-targets.md). By default only https to public
/// addresses: a webhook URL typed by an administrator must not make the server call into its own network (the cloud
/// metadata service at 169.254.169.254, a database on 10.x, the server itself on 127.0.0.1).
/// </summary>
internal sealed class WebhookOptions
{
    public const string Section = "Mekong:Webhooks";

    /// <summary>Allow plain http URLs (the signature still authenticates us, but the body travels readable).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// Networks (<c>10.20.0.0/16</c>, <c>127.0.0.1/32</c>, a single address) and host names (<c>hooks.internal.example</c>)
    /// webhooks may reach although they are private, loopback or link-local: a receiver inside the province's own network.
    /// </summary>
    public string[] AllowedNetworks { get; set; } = [];
}

internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.AllowedNetworks.Length; i++)
        {
            var entry = options.AllowedNetworks[i]?.Trim() ?? string.Empty;
            if (!WebhookTargetPolicy.TryParseNetwork(entry, out _) && Uri.CheckHostName(entry) != UriHostNameType.Dns)
            {
                failures.Add($"{WebhookOptions.Section}:AllowedNetworks:{i} '{entry}' must be a network (10.20.0.0/16, fd00::/8), an address or a host name.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Raised when a webhook's host resolves only to addresses the policy refuses; the message names the address and why.</summary>
internal sealed class WebhookTargetRefusedException(string message) : IOException(message);

/// <summary>
/// Decides whether a webhook may go to a URL (on save) and to an address (at delivery, after name resolution, in
/// <see cref="ConnectAsync"/>: the only addresses the webhook client ever connects to).
/// </summary>
internal sealed class WebhookTargetPolicy
{
    private static readonly (IPNetwork Network, string Why)[] Refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified address"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address (this server)"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address (e.g. the cloud metadata service)"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address"),
        (IPNetwork.Parse("100.64.0.0/10"), "a shared (carrier-grade NAT) address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved address"),
        (IPNetwork.Parse("::/128"), "an unspecified address"),
        (IPNetwork.Parse("::1/128"), "a loopback address (this server)"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fec0::/10"), "a private address"),
        (IPNetwork.Parse("fc00::/7"), "a private address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];

    private readonly WebhookOptions _options;
    private readonly IPNetwork[] _allowedNetworks;
    private readonly HashSet<string> _allowedHosts;

    public WebhookTargetPolicy(IOptions<WebhookOptions> options)
    {
        _options = options.Value;
        var networks = new List<IPNetwork>();
        _allowedHosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in _options.AllowedNetworks.Select(e => e.Trim()))
        {
            if (TryParseNetwork(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                _allowedHosts.Add(entry.TrimEnd('.'));
            }
        }

        _allowedNetworks = [.. networks];
    }

    /// <summary>Why a webhook may not go to <paramref name="url"/> as written, or null. Host names are resolved only at delivery.</summary>
    public string? CheckUrl(Uri url)
    {
        if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && _options.AllowHttp))
        {
            return _options.AllowHttp
                ? "webhookUrl must be an http or https URL."
                : $"webhookUrl must be an https URL (plain http is off: {WebhookOptions.Section}:AllowHttp).";
        }

        var host = url.IdnHost.TrimEnd('.');
        if (_allowedHosts.Contains(host))
        {
            return null;
        }

        if (IPAddress.TryParse(host, out var address))
        {
            return Why(address) is { } why ? $"webhookUrl points at {address}, {why}; {AllowHint}" : null;
        }

        // A name that is loopback by definition (RFC 6761) need not wait for the resolver to be refused.
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            ? $"webhookUrl points at {host}, a loopback address (this server); {AllowHint}"
            : null;
    }

    /// <summary>Why the webhook client may not connect to <paramref name="address"/>, or null when it may.</summary>
    public string? Why(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (_allowedNetworks.Any(n => n.Contains(address)))
        {
            return null;
        }

        if (address.Equals(IPAddress.Broadcast))
        {
            return "the broadcast address";
        }

        foreach (var (network, why) in Refused)
        {
            if (network.Contains(address))
            {
                return why;
            }
        }

        return null;
    }

    /// <summary>
    /// The webhook client's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host itself, drops every
    /// address the policy refuses and connects only to what is left, so a name that resolves (or is re-pointed) to an
    /// inner address after the check on save still goes nowhere.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.TrimEnd('.');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var trustedName = _allowedHosts.Contains(host);
        var allowed = addresses.Where(a => trustedName || Why(a) is null).ToArray();
        if (allowed.Length == 0)
        {
            var refused = addresses.Length == 0 ? "no address" : string.Join(", ", addresses.Select(a => $"{a} ({Why(a)})"));
            throw new WebhookTargetRefusedException($"Webhook target {host} refused: it resolves to {refused}; {AllowHint}");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    internal static bool TryParseNetwork(string entry, out IPNetwork network)
    {
        if (IPNetwork.TryParse(entry, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(entry, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }

    private static string AllowHint => $"an inner receiver must be listed in {WebhookOptions.Section}:AllowedNetworks.";
}
