using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace Mekong.IntegrationTests.Open311;

/// <summary>Reads the specification's error document (a list of code + description) in JSON or XML, with its checks.</summary>
internal static class Open311ErrorDocument
{
    /// <summary>Asserts the status, the media type of <paramref name="json"/>'s format, code = the status in every error; returns the descriptions.</summary>
    public static async Task<List<string>> AssertAsync(HttpResponseMessage response, HttpStatusCode status, bool json, string? mentions = null)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        List<(int Code, string Description)> errors;
        if (json)
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            errors = JsonDocument.Parse(text).RootElement.EnumerateArray()
                .Select(e =>
                {
                    Assert.Equal(["code", "description"], e.EnumerateObject().Select(p => p.Name));
                    return (e.GetProperty("code").GetInt32(), e.GetProperty("description").GetString()!);
                }).ToList();
        }
        else
        {
            Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
            var root = XDocument.Parse(text).Root!;
            Assert.Equal("errors", root.Name.LocalName);
            errors = root.Elements().Select(e =>
            {
                Assert.Equal("error", e.Name.LocalName);
                Assert.Equal(["code", "description"], e.Elements().Select(c => c.Name.LocalName));
                return (int.Parse(e.Element("code")!.Value, System.Globalization.CultureInfo.InvariantCulture), e.Element("description")!.Value);
            }).ToList();
        }

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal((int)status, e.Code));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Description)));
        if (mentions is not null)
        {
            Assert.Contains(errors, e => e.Description.Contains(mentions, StringComparison.Ordinal));
        }

        return errors.Select(e => e.Description).ToList();
    }
}
