using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Mekong.IntegrationTests.Infrastructure;

public static class Http
{
    /// <summary>Asserts the status (showing the body when it differs) and parses the JSON body.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} from {response.RequestMessage?.RequestUri}, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK) =>
        await JsonAsync(await client.GetAsync(url), expected);

    /// <summary>Asserts a RFC 9457 problem response with the given status and returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await JsonAsync(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>The field names of a validation problem's <c>errors</c>.</summary>
    public static IReadOnlyList<string> ErrorFields(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();

    public static HttpClient WithApiKey(this MekongAppFactory factory, string key)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public static HttpClient NoRedirects(this MekongAppFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
}

/// <summary>Cookie log-in as a browser does it: the form page, its antiforgery token, the post.</summary>
public static partial class SignIn
{
    public static HttpClient CookieClient(MekongAppFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Posts the log-in form with a client that keeps cookies; returns the response (a redirect).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string email, string password, string returnUrl = "/ops")
    {
        var page = await client.GetAsync("/login");
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET /login gave {(int)page.StatusCode}");
        var token = AntiforgeryToken(html);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["ReturnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = token,
        });
        return await client.PostAsync("/account/login", form);
    }

    /// <summary>A cookie client signed in as <paramref name="email"/>.</summary>
    public static async Task<HttpClient> AsAsync(MekongAppFactory factory, string email, string password)
    {
        var client = CookieClient(factory);
        var response = await PostFormAsync(client, email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == "/ops",
            $"Log-in as {email} failed: {(int)response.StatusCode} {response.Headers.Location}");
        return client;
    }

    public static string AntiforgeryToken(string html)
    {
        foreach (Match input in InputTag().Matches(html))
        {
            if (input.Value.Contains("name=\"__RequestVerificationToken\"", StringComparison.Ordinal))
            {
                var value = ValueAttribute().Match(input.Value);
                Assert.True(value.Success, "The antiforgery input has no value.");
                return WebUtility.HtmlDecode(value.Groups[1].Value);
            }
        }

        Assert.Fail("The log-in page has no __RequestVerificationToken input.");
        return string.Empty;
    }

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputTag();

    [GeneratedRegex("\\bvalue=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}
