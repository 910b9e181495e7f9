using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests;

/// <summary>
/// "No 500 for a user's mistake", kept true as modules are added: every endpoint the running app has (read from its
/// <see cref="EndpointDataSource"/>, so a new module's endpoints are in without touching this test) gets a battery of
/// malformed input — garbage in every query parameter it declares and the common ones, bad route values, wrong
/// methods, malformed and wrong-typed JSON, wrong content types and charsets, huge headers — anonymously and as an
/// administrator (API key), as an API client and as a browser. No answer may be 5xx (or hang); every 4xx must be an
/// RFC 9457 problem (<c>application/problem+json</c> with a <c>type</c>), or for a browser an HTML page. All failures
/// are listed in one message, one line per endpoint and case.
/// </summary>
public sealed class EndpointFuzzTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private const int MaxFailuresShown = 300;

    /// <summary>Query parameters most list endpoints take, tried on every endpoint besides the ones it declares.</summary>
    private static readonly string[] CommonParameters = ["bbox", "limit", "cursor", "at", "q", "lat", "lon", "level", "parent", "returnUrl", "culture"];

    private static readonly string ThousandWords = string.Join(' ', Enumerable.Range(0, 1000).Select(i => "xã" + i));

    private static readonly (string Name, string Value)[] Garbage =
    [
        ("empty", string.Empty),
        ("space", "   "),
        ("huge", new string('9', 20_000)),
        ("1000 words", ThousandWords),
        ("NaN", "NaN"),
        ("Infinity", "-Infinity"),
        ("negative", "-1"),
        ("overflow", "99999999999999999999999999"),
        ("unicode", "Sóc Trăng 🚀 \u202e\u0301\uFEFF"),
        ("control characters", "a\u0000b\u0001\r\n\t\u001b"),
        ("lone surrogate", "\ud800x"),
        ("sql injection", "' OR 1=1; DROP TABLE users; --"),
        ("like wildcards", "%_%\\"),
        ("html", "<script>alert(1)</script>"),
        ("path traversal", "../../../../etc/passwd"),
        ("zero-size box", "0,0,0,0"),
        ("zero-width box", "105,9,105,10"),
        ("inverted box", "106,10,105,9"),
        ("box out of range", "-400,-100,400,100"),
        ("too few numbers", "1,2,3"),
        ("far dates", "0001-01-01"),
        ("bad date", "2024-02-30"),
        ("json", "{\"a\":[1,2]}"),
    ];

    private static readonly string[] BadRouteValues =
        ["x", "0", "-1", "99999999999999999999", new string('a', 5_000), "Đà Nẵng 🚀", "' OR 1=1 --", "..%2F..%2Fetc", "%00", "NaN", "true"];

    private static readonly string[] AllMethods = ["GET", "POST", "PUT", "DELETE", "PATCH"];

    private static readonly (string Name, string ContentType, string Body)[] Bodies =
    [
        ("no body", "application/json", string.Empty),
        ("malformed JSON", "application/json", "{\"name\": \"x\","),
        ("JSON null", "application/json", "null"),
        ("JSON array", "application/json", "[1,2,3]"),
        ("JSON string", "application/json", "\"hello\""),
        ("deep nesting", "application/json", new string('[', 5_000) + new string(']', 5_000)),
        ("huge string", "application/json", "{\"name\":\"" + new string('x', 200_000) + "\"}"),
        ("unknown charset", "application/json; charset=klingon", "{}"),
        ("latin-1 bytes", "application/json; charset=utf-8", "{\"name\":\"\u00ff\u00fe\"}"),
        ("text/plain", "text/plain", "hello"),
        ("xml", "application/xml", "<a>1</a>"),
        ("form without token", "application/x-www-form-urlencoded", "Email=a%40b.vn&Password=x&name=%00"),
        ("multipart without boundary", "multipart/form-data", "--x\r\n\r\n"),
        ("multipart garbage", "multipart/form-data; boundary=zzz", "--zzz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.zip\"\r\n\r\nPK\u0003\u0004garbage\r\n--zzz--\r\n"),
        ("bad content type", "this is/not a; media type", "{}"),
    ];

    private static readonly (string Name, string Header, string Value)[] Headers =
    [
        ("huge cookie", "Cookie", ".AspNetCore.Identity.Application=" + new string('A', 12_000)),
        ("garbage cookie", "Cookie", ".AspNetCore.Identity.Application=%%%; .Mekong.Antiforgery=\u00ff; .AspNetCore.Culture=c=xx|uic=\u0000"),
        ("huge accept-language", "Accept-Language", string.Join(',', Enumerable.Repeat("vi-VN;q=0.9", 2_000))),
        ("garbage api key", "X-Api-Key", "mk_\u00ff\u0000" + new string('z', 5_000)),
        ("huge correlation id", "X-Correlation-Id", new string('c', 10_000)),
        ("garbage authorization", "Authorization", "Bearer \u0000\u00ff" + new string('b', 5_000)),
        ("garbage accept", "Accept", "*/*;q=NaN, application/x;q=-1, \u00ff/\u00ff"),
        ("long host", "Host", new string('h', 300) + ".example"),
        ("forwarded headers", "X-Forwarded-For", "999.999.999.999, not an address"),
    ];

    private int _address;

    [Fact]
    public async Task No_endpoint_answers_a_malformed_request_with_a_5xx_or_a_4xx_that_is_not_a_problem()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var (adminKey, _) = await app.IssueKeyAsync("Administrator");
        var endpoints = Endpoints();
        Assert.True(endpoints.Count >= 15, $"the endpoint data source lists the app's endpoints (found {endpoints.Count})");

        // Anonymous callers get the whole battery where they are let in; where they are not (401, 403, a log-in
        // redirect), only the headers and methods that reach the authentication itself. The administrator gets all.
        var cases = new List<(Case Case, string Identity, string? Key)>();
        foreach (var endpoint in endpoints)
        {
            var open = await IsOpenAsync(endpoint, cancellation);
            foreach (var c in CasesFor(endpoint))
            {
                if (open || c.Name.StartsWith("header", StringComparison.Ordinal) || c.Name == "wrong method")
                {
                    cases.Add((c, "anonymous", null));
                }

                // Hostile headers meet the pipeline before any identity matters: anonymous is enough for them.
                if (!c.Name.StartsWith("header", StringComparison.Ordinal))
                {
                    cases.Add((c, "admin", adminKey));
                }
            }
        }

        var failures = new ConcurrentBag<(string Where, string What, string Case, string Example)>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellation }, async (item, token) =>
        {
            if (await SendAsync(item.Case, item.Key, token) is { } failure)
            {
                failures.Add(($"{item.Case.Method} {item.Case.Endpoint.Pattern.RawText}", failure.What, $"{item.Case.Name} ({item.Identity})", failure.Example));
            }
        });

        // One line per endpoint and kind of answer, with the cases that got it.
        var report = failures
            .GroupBy(f => (f.Where, f.What))
            .OrderBy(g => g.Key.Where, StringComparer.Ordinal).ThenBy(g => g.Key.What, StringComparer.Ordinal)
            .Select(g =>
            {
                var names = g.Select(f => f.Case).Distinct().Order(StringComparer.Ordinal).ToList();
                return $"{g.Key.Where}: {g.Key.What} (e.g. {g.First().Example})\n      ← {names.Count} case(s): {string.Join("; ", names.Take(12))}{(names.Count > 12 ? "; …" : string.Empty)}";
            })
            .ToList();
        Assert.True(report.Count == 0,
            $"{failures.Count} of {cases.Count} malformed requests to {endpoints.Count} endpoints were answered badly:\n"
            + string.Join('\n', report.Take(MaxFailuresShown))
            + (report.Count > MaxFailuresShown ? $"\n... and {report.Count - MaxFailuresShown} more" : string.Empty));
    }

    /// <summary>Whether an anonymous caller gets past authorization (a plain request, its first method).</summary>
    private async Task<bool> IsOpenAsync(FuzzEndpoint endpoint, CancellationToken cancellation)
    {
        var probe = new Case(endpoint, endpoint.Methods[0], endpoint.Path(_ => "1"), QueryString.Empty, "probe");
        var context = await app.Factory.Server.SendAsync(http =>
        {
            http.Request.Method = probe.Method;
            http.Request.Path = probe.Path;
            http.Request.Headers.Accept = "application/json";
            http.Connection.RemoteIpAddress = IPAddress.Parse("10.255.255.254");
        }, cancellation);
        var status = context.Response.StatusCode;
        var location = context.Response.Headers.Location.ToString();
        return status is not (401 or 403) && !(status is 302 && location.Contains("/login", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The app's own endpoints: minimal APIs, pages, hubs; not the thousands of static files (each a fixed path).</summary>
    private List<FuzzEndpoint> Endpoints()
    {
        var source = app.Factory.Services.GetRequiredService<EndpointDataSource>();
        var endpoints = new List<FuzzEndpoint>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern;
            var raw = pattern.RawText ?? string.Empty;
            if (IsStaticFile(endpoint, raw))
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToArray() is { Length: > 0 } declared ? declared : ["GET"];
            var routeNames = pattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var handler = endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault();
            var parameters = handler?.GetParameters() ?? [];
            var query = parameters
                .Where(p => p.Name is not null && !routeNames.Contains(p.Name) && IsSimple(p.ParameterType))
                .Select(p => p.Name!)
                .ToList();
            var hasBody = parameters.Any(p => !IsSimple(p.ParameterType) && !IsService(p.ParameterType));
            endpoints.Add(new FuzzEndpoint(pattern, methods, query, hasBody, endpoint.DisplayName ?? raw));
        }

        return endpoints
            .GroupBy(e => (e.Pattern.RawText, string.Join(',', e.Methods)))
            .Select(g => g.First())
            .ToList();
    }

    private static bool IsStaticFile(RouteEndpoint endpoint, string raw)
    {
        if (endpoint.Metadata.Any(m => m.GetType().Name.Contains("StaticAsset", StringComparison.Ordinal)))
        {
            return true;
        }

        // Scalar's bundled files sit under /api-docs/{**path}: one of them is enough, the page itself is fuzzed.
        return raw.StartsWith("_framework", StringComparison.Ordinal) || raw.StartsWith("_content", StringComparison.Ordinal);
    }

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateOnly) || t == typeof(DateTime)
            || t == typeof(DateTimeOffset) || t == typeof(Guid) || t == typeof(TimeSpan);
    }

    private static bool IsService(Type type) =>
        type == typeof(HttpContext) || type == typeof(HttpRequest) || type == typeof(HttpResponse) || type == typeof(CancellationToken)
        || type == typeof(System.Security.Claims.ClaimsPrincipal) || type.IsInterface || type.IsAbstract
        || type.Namespace?.StartsWith("Mekong", StringComparison.Ordinal) == true && type.Name.EndsWith("Handler", StringComparison.Ordinal)
        || type.Namespace?.StartsWith("Microsoft", StringComparison.Ordinal) == true
        || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true
        || type.Name.EndsWith("DbContext", StringComparison.Ordinal) || type.Name.EndsWith("Registry", StringComparison.Ordinal);

    private static IEnumerable<Case> CasesFor(FuzzEndpoint endpoint)
    {
        var method = endpoint.Methods[0];
        var path = endpoint.Path(_ => "1");

        // Garbage in each query parameter the endpoint declares, one at a time (the others absent).
        foreach (var name in endpoint.Query)
        {
            foreach (var (caseName, value) in Garbage)
            {
                yield return new Case(endpoint, method, path, QueryString.Create(name, value), $"?{name}= {caseName}");
            }
        }

        // The common parameters (which a page or a hand-written handler may read without declaring them), all at once.
        foreach (var (caseName, value) in Garbage.Where(g => g.Name is "empty" or "huge" or "1000 words" or "NaN" or "unicode" or "control characters" or "zero-size box" or "bad date"))
        {
            var all = CommonParameters.Where(n => !endpoint.Query.Contains(n, StringComparer.OrdinalIgnoreCase)).Select(n => KeyValuePair.Create(n, (string?)value));
            yield return new Case(endpoint, method, path, QueryString.Create(all), $"common parameters = {caseName}");
        }

        // Query strings no form would produce.
        foreach (var raw in new[] { "?%", "?bbox=%zz&limit=%", "?limit=1&limit=2&limit=x", "?=&=&q", "?" + string.Join('&', Enumerable.Range(0, 500).Select(i => $"p{i}={i}")) })
        {
            yield return new Case(endpoint, method, path, new QueryString(raw), "raw query " + (raw.Length > 20 ? raw[..20] + "…" : raw));
        }

        // Bad route values, as an API client and as a browser.
        if (endpoint.Pattern.Parameters.Count > 0)
        {
            foreach (var value in BadRouteValues)
            {
                var bad = endpoint.Path(_ => value);
                yield return new Case(endpoint, method, bad, QueryString.Empty, $"route = {Shorten(value)}");
                yield return new Case(endpoint, method, bad, QueryString.Empty, $"route = {Shorten(value)} (browser)") { Browser = true };
            }
        }

        // Methods the endpoint does not take.
        foreach (var wrong in AllMethods.Where(m => !endpoint.Methods.Contains(m, StringComparer.OrdinalIgnoreCase)))
        {
            yield return new Case(endpoint, wrong, path, QueryString.Empty, "wrong method") { ContentType = "application/json", Body = "{}" };
        }

        // Bodies, for every method that takes one.
        foreach (var bodyMethod in endpoint.Methods.Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE"))
        {
            foreach (var (caseName, contentType, body) in Bodies)
            {
                yield return new Case(endpoint, bodyMethod, path, QueryString.Empty, "body " + caseName) { ContentType = contentType, Body = body };
            }

            if (endpoint.HasBody)
            {
                yield return new Case(endpoint, bodyMethod, path, QueryString.Empty, "body wrong types") { ContentType = "application/json", Body = WrongTypes };
                yield return new Case(endpoint, bodyMethod, path, QueryString.Empty, "body control characters") { ContentType = "application/json", Body = ControlCharacters };
            }
        }

        // Hostile headers, as an API client and as a browser.
        foreach (var (caseName, header, value) in Headers)
        {
            yield return new Case(endpoint, method, path, QueryString.Empty, "header " + caseName) { Header = (header, value) };
            if (header is "Cookie" or "Host" or "Accept-Language")
            {
                yield return new Case(endpoint, method, path, QueryString.Empty, "header " + caseName + " (browser)") { Header = (header, value), Browser = true };
            }
        }
    }

    /// <summary>Every property name our request records use, each with a value of the wrong JSON type.</summary>
    private static readonly string WrongTypes = JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["email"] = 123,
        ["name"] = new[] { 1 },
        ["role"] = new { a = 1 },
        ["jurisdiction"] = 90,
        ["department"] = true,
        ["displayName"] = 1.5,
        ["password"] = false,
        ["nameVi"] = 1,
        ["nameEn"] = Array.Empty<object>(),
        ["hotline"] = 84,
        ["code"] = 12,
        ["level"] = "nowhere",
        ["validFrom"] = "yesterday",
        ["validTo"] = 7,
        ["parent"] = new { },
        ["id"] = "x",
        ["expiresAt"] = "soon",
        ["columns"] = "all",
        ["mapping"] = 3,
    });

    private static readonly string ControlCharacters = JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["email"] = "a\u0000@b.vn",
        ["name"] = "x\u0007\u001b[31m" + new string('n', 100_000),
        ["role"] = "Viewer\r\n",
        ["jurisdiction"] = "90\u0000",
        ["displayName"] = "\u202e" + new string('d', 100_000),
        ["nameVi"] = "\u0000",
        ["nameEn"] = "\t",
        ["hotline"] = "\r\n",
        ["code"] = "\u0000",
    });

    private static string Shorten(string value) => value.Length > 24 ? value[..12] + $"…({value.Length} chars)" : value;

    private async Task<Failure?> SendAsync(Case c, string? apiKey, CancellationToken cancellation)
    {
        var address = Interlocked.Increment(ref _address);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        HttpContext context;
        try
        {
            context = await app.Factory.Server.SendAsync(http =>
            {
                var request = http.Request;
                request.Method = c.Method;
                request.Scheme = "http";
                request.Host = new HostString("localhost");
                request.Path = c.Path;
                request.QueryString = c.Query;
                // Each request from its own address: the per-address rate limits are not what is tested here.
                http.Connection.RemoteIpAddress = new IPAddress([10, (byte)(address >> 16), (byte)(address >> 8), (byte)address]);
                request.Headers.Accept = c.Browser ? "text/html,application/xhtml+xml,*/*;q=0.8" : "application/json";
                if (apiKey is not null)
                {
                    request.Headers["X-Api-Key"] = apiKey;
                }

                if (c.Header is var (name, value))
                {
                    if (name == "Host")
                    {
                        request.Host = new HostString(value);
                    }
                    else
                    {
                        request.Headers[name] = value;
                    }
                }

                if (c.Body is not null)
                {
                    var bytes = Encoding.UTF8.GetBytes(c.Body);
                    request.ContentType = c.ContentType;
                    request.ContentLength = bytes.Length;
                    request.Body = new MemoryStream(bytes);
                }
            }, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return new Failure("no answer within 20 s", string.Empty);
        }
        catch (Exception ex)
        {
            // TestServer rethrows what the app let escape: a 500 in production.
            return new Failure($"threw {ex.GetType().Name}", FirstLine(ex.Message));
        }

        var status = context.Response.StatusCode;
        var contentType = context.Response.ContentType ?? string.Empty;
        string body;
        using (var reader = new StreamReader(context.Response.Body))
        {
            body = await reader.ReadToEndAsync(cancellation);
        }

        if (status >= 500)
        {
            return new Failure($"{status} {ProblemType(body) ?? "(not a problem)"}", Excerpt(body));
        }

        if (status < 400)
        {
            return null;
        }

        if (c.Browser && contentType.StartsWith("text/html", StringComparison.Ordinal))
        {
            return null;
        }

        // Open311 GeoReport v2 answers every mistake with the specification's own error list (docs/adr/0020-open311.md),
        // also what the platform refuses before the endpoint runs (a wrong method, a bad Host, a bad X-Api-Key; ADR 0025).
        if (c.Path.StartsWithSegments("/open311/v2"))
        {
            return Open311ErrorCodes(contentType, body) is { Count: > 0 } codes
                ? codes.All(code => code == status) ? null : new Failure($"{status} with Open311 error codes {string.Join(",", codes)}", Excerpt(body))
                : new Failure($"{status} under /open311/v2 is not the specification's error list ('{contentType}')", Excerpt(body));
        }

        if (!contentType.StartsWith("application/problem+json", StringComparison.Ordinal))
        {
            return new Failure($"{status} is '{contentType}', not a problem", Excerpt(body));
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString()!.Length > 0
                ? null
                : new Failure($"{status} problem without a type", Excerpt(body));
        }
        catch (JsonException)
        {
            return new Failure($"{status} problem that is not JSON", Excerpt(body));
        }
    }

    /// <summary>The codes of a GeoReport v2 error document (<c>[{code, description}]</c> or <c>&lt;errors&gt;&lt;error&gt;…</c>), or null.</summary>
    private static List<int>? Open311ErrorCodes(string contentType, string body)
    {
        try
        {
            if (contentType.StartsWith("application/json", StringComparison.Ordinal))
            {
                using var document = JsonDocument.Parse(body);
                return document.RootElement.EnumerateArray()
                    .Select(e => e.GetProperty("description").GetString() is { Length: > 0 } ? e.GetProperty("code").GetInt32() : -1).ToList();
            }

            if (contentType.StartsWith("text/xml", StringComparison.Ordinal))
            {
                var root = System.Xml.Linq.XDocument.Parse(body).Root!;
                return root.Name.LocalName != "errors" ? null : root.Elements("error")
                    .Select(e => e.Element("description")?.Value is { Length: > 0 } ? int.Parse(e.Element("code")!.Value, System.Globalization.CultureInfo.InvariantCulture) : -1).ToList();
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or System.Xml.XmlException or FormatException)
        {
        }

        return null;
    }

    private static string? ProblemType(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("type", out var type) ? "problem " + type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    private static string Excerpt(string body)
    {
        var flat = body.ReplaceLineEndings(" ");
        return flat.Length > 100 ? flat[..100] + "…" : flat;
    }

    private sealed record Failure(string What, string Example);

    private sealed record FuzzEndpoint(RoutePattern Pattern, string[] Methods, List<string> Query, bool HasBody, string Name)
    {
        /// <summary>The pattern with each parameter replaced (a catch-all too), percent-encoded as a client would send it.</summary>
        public PathString Path(Func<RoutePatternParameterPart, string> value)
        {
            var segments = Pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternSeparatorPart separator => separator.Content,
                RoutePatternParameterPart parameter => Uri.EscapeDataString(value(parameter)),
                _ => string.Empty,
            })));
            return PathString.FromUriComponent("/" + string.Join('/', segments));
        }
    }

    private sealed record Case(FuzzEndpoint Endpoint, string Method, PathString Path, QueryString Query, string Name)
    {
        public bool Browser { get; init; }

        public string? ContentType { get; init; }

        public string? Body { get; init; }

        public (string Name, string Value)? Header { get; init; }

        public string Describe() => $"{Method,-6} {Endpoint.Pattern.RawText} [{Name}]";
    }
}
