using System.Reflection;
using Microsoft.Playwright;
using Xunit.v3;

[assembly: Mekong.E2E.FailOnBrowserErrors]

namespace Mekong.E2E;

/// <summary>
/// What every page of every browser test must never show, whatever the test looks at: a console error, an uncaught
/// script error, a request that failed or answered 4xx/5xx (a missing script, style or image), or a request to
/// anything but loopback (the IOC runs without internet). Recorded per test by <see cref="MekongServer.NewPageAsync"/>,
/// checked after the test by <see cref="FailOnBrowserErrorsAttribute"/>. A test that opens a failing URL on purpose
/// (a not-found page) names it with <see cref="Expect"/>.
/// </summary>
public static class BrowserChecks
{
    private static readonly Lock Gate = new();
    private static readonly List<string> Problems = [];
    private static readonly List<string> Expected = [];

    /// <summary>Accepts a 4xx answer (and the console's "Failed to load resource" for it) from URLs whose path starts so.</summary>
    public static void Expect(string pathPrefix)
    {
        lock (Gate)
        {
            Expected.Add(pathPrefix);
        }
    }

    internal static async Task WatchAsync(IBrowserContext context)
    {
        context.Console += (_, message) =>
        {
            if (message.Type == "error" && !IsExpectedResourceError(message))
            {
                Record($"console {message.Type} on {message.Page?.Url}: {message.Text} ({message.Location})");
            }
        };
        context.WebError += (_, error) => Record($"uncaught script error: {error.Error}");
        context.RequestFailed += (_, request) =>
        {
            // A navigation that replaced a still-loading request is not the page's fault.
            if (request.Failure is not ("net::ERR_ABORTED" or "net::ERR_BLOCKED_BY_CLIENT") || !IsLoopback(request.Url))
            {
                Record($"request failed: {request.Method} {request.Url}: {request.Failure}");
            }
        };
        context.Response += (_, response) =>
        {
            if (response.Status >= 400 && !IsExpected(response.Url, response.Status))
            {
                Record($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
            }
        };
        await context.RouteAsync("**/*", async route =>
        {
            if (IsLoopback(route.Request.Url))
            {
                await route.ContinueAsync();
                return;
            }

            Record($"request leaving loopback (blocked): {route.Request.Method} {route.Request.Url}");
            await route.AbortAsync("blockedbyclient");
        });
    }

    internal static void Reset()
    {
        lock (Gate)
        {
            Problems.Clear();
            Expected.Clear();
        }
    }

    internal static IReadOnlyList<string> Take()
    {
        lock (Gate)
        {
            var problems = Problems.Distinct().ToList();
            Problems.Clear();
            Expected.Clear();
            return problems;
        }
    }

    private static void Record(string problem)
    {
        lock (Gate)
        {
            Problems.Add(problem);
        }
    }

    private static bool IsLoopback(string url) =>
        !Uri.TryCreate(url, UriKind.Absolute, out var uri)
        || uri.Scheme is not ("http" or "https" or "ws" or "wss")
        || uri.IsLoopback;

    private static bool IsExpected(string url, int status)
    {
        if (status >= 500 || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return false;
        }

        lock (Gate)
        {
            return Expected.Any(prefix => uri.PathAndQuery.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    private static bool IsExpectedResourceError(IConsoleMessage message) =>
        message.Text.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal)
        && IsExpected(message.Location, 404);
}

/// <summary>Fails a browser test when any page it opened showed a problem <see cref="BrowserChecks"/> watches for.</summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method)]
public sealed class FailOnBrowserErrorsAttribute : BeforeAfterTestAttribute
{
    public override void Before(MethodInfo methodUnderTest, IXunitTest test) => BrowserChecks.Reset();

    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        var problems = BrowserChecks.Take();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"The browser reported {problems.Count} problem(s) while '{test.TestDisplayName}' ran:\n  - " + string.Join("\n  - ", problems));
        }
    }
}
