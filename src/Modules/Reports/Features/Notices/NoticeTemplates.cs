using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Mekong.Modules.Reports.Domain;
using Mekong.Platform;
using Mekong.Platform.Notifications;

namespace Mekong.Modules.Reports.Features.Notices;

/// <summary>A template that cannot be rendered (missing, or naming a value it does not have): its notice is dead-lettered with this message.</summary>
internal sealed class NoticeTemplateException(string message) : Exception(message);

/// <summary>A rendered e-mail: subject, plain text and HTML of the same message.</summary>
internal sealed record RenderedEmail(string Subject, string Text, string Html);

/// <summary>
/// The notice templates, embedded from <c>Features/Notices/Templates/{name}.{vi|en}.{txt|html}</c>: the first line of
/// the <c>.txt</c> is <c>Subject: …</c>. <c>{{value}}</c> is replaced (HTML-encoded in the HTML part, line breaks kept);
/// <c>{{#value}}…{{/value}}</c> shows only when the value is not empty, <c>{{^value}}…{{/value}}</c> only when it is.
/// Strict: a placeholder the notice has no value for, or an unclosed block, is a <see cref="NoticeTemplateException"/>.
/// </summary>
internal static partial class NoticeTemplates
{
    private static readonly ConcurrentDictionary<string, string?> Cache = new(StringComparer.Ordinal);

    // Vietnamese letters stay letters: only what HTML needs escaped is escaped.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The template file names a notice uses, for screens and logs (<c>resident.en.txt, resident.en.html</c>).</summary>
    public static string FilesOf(string template, string language) => $"{template}.{Lang(language)}.txt, {template}.{Lang(language)}.html";

    public static RenderedEmail RenderEmail(string template, string language, IReadOnlyDictionary<string, string> values)
    {
        var lang = Lang(language);
        var text = Fill(Load($"{template}.{lang}.txt"), $"{template}.{lang}.txt", values, encode: false);
        var html = Fill(Load($"{template}.{lang}.html"), $"{template}.{lang}.html", values, encode: true);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var first = newline < 0 ? text : text[..newline];
        if (!first.StartsWith("Subject:", StringComparison.Ordinal))
        {
            throw new NoticeTemplateException($"Template {template}.{lang}.txt must begin with a 'Subject: …' line.");
        }

        var subject = OneLine(first["Subject:".Length..]);
        return new RenderedEmail(subject, newline < 0 ? string.Empty : text[(newline + 1)..].Trim('\n') + "\n", html);
    }

    /// <summary>A bell notification in both languages (the bell shows the reader's): first line the title, the rest the body.</summary>
    public static (LocalizedText Title, LocalizedText Body) RenderInApp(string template, Func<string, IReadOnlyDictionary<string, string>> valuesIn)
    {
        var vi = Split(Fill(Load($"{template}.vi.txt"), $"{template}.vi.txt", valuesIn(ReportLanguage.Vietnamese), encode: false));
        var en = Split(Fill(Load($"{template}.en.txt"), $"{template}.en.txt", valuesIn(ReportLanguage.English), encode: false));
        return (new LocalizedText(vi.Title, en.Title), new LocalizedText(vi.Body, en.Body));

        static (string Title, string Body) Split(string text)
        {
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            return newline < 0 ? (OneLine(text), string.Empty) : (OneLine(text[..newline]), text[(newline + 1)..].Trim());
        }
    }

    /// <summary>The values of a resident's notice, in <paramref name="language"/>. Never throws: a missing part is an empty value.</summary>
    public static Dictionary<string, string> ResidentValues(ReportSnapshot report, string language, string? name, long? ownReportId, string? token, string? publicBaseUrl)
    {
        var english = Lang(language) == ReportLanguage.English;
        var path = $"/reports/{report.Id.ToString(CultureInfo.InvariantCulture)}";
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["number"] = report.Id.ToString(CultureInfo.InvariantCulture),
            ["category"] = (english ? report.CategoryEn : report.CategoryVi) ?? report.ServiceCode ?? string.Empty,
            ["status"] = StatusName(report.Status, english),
            ["message"] = report.PublicMessage ?? string.Empty,
            ["agency"] = (english ? report.AgencyEn : report.AgencyVi) ?? string.Empty,
            ["name"] = name ?? string.Empty,
            ["received"] = report.IsSubmission ? "yes" : string.Empty,
            ["deadline"] = When(report.ExpectedAt),
            ["ownNumber"] = ownReportId is { } own && own != report.Id ? own.ToString(CultureInfo.InvariantCulture) : string.Empty,
            ["link"] = Absolute(publicBaseUrl, path),
            // At resolution the reporter may rate or reopen: the portal's page takes their token as "t".
            ["rateLink"] = report.IsResolution && !string.IsNullOrEmpty(token) ? Absolute(publicBaseUrl, $"{path}?t={Uri.EscapeDataString(token)}") : string.Empty,
        };
    }

    /// <summary>The values of an outside body's e-mail: the problem, the place, the photos; nothing about the reporter.</summary>
    public static Dictionary<string, string> OutsideBodyValues(ReportSnapshot report, OutsideBodyDetails? body, string language, string? publicBaseUrl)
    {
        var english = Lang(language) == ReportLanguage.English;
        var number = report.Id.ToString(CultureInfo.InvariantCulture);
        var point = body?.Latitude is { } lat && body.Longitude is { } lon
            ? string.Create(CultureInfo.InvariantCulture, $"{lat:0.######}, {lon:0.######}")
            : null;
        var photos = body is { PhotosArePublic: true }
            ? body.PhotoHashes.Select(h => Absolute(publicBaseUrl, $"/open311/v2/requests/{number}/media/{h}")).ToList()
            : [];
        if (body?.MediaUrl is { Length: > 0 } mediaUrl)
        {
            photos.Add(mediaUrl);
        }

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["number"] = number,
            ["body"] = body?.BodyName ?? string.Empty,
            ["category"] = (english ? report.CategoryEn : report.CategoryVi) ?? report.ServiceCode ?? string.Empty,
            ["serviceCode"] = report.ServiceCode ?? string.Empty,
            ["status"] = StatusName(report.Status, english),
            ["message"] = report.PublicMessage ?? string.Empty,
            ["requested"] = When(report.RequestedAt),
            ["deadline"] = When(report.ExpectedAt),
            ["place"] = string.Join(" — ", new[] { body?.AddressString, point }.Where(p => !string.IsNullOrWhiteSpace(p))),
            ["map"] = point is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"https://www.openstreetmap.org/?mlat={body!.Latitude:0.######}&mlon={body.Longitude:0.######}#map=18/{body.Latitude:0.######}/{body.Longitude:0.######}"),
            ["commune"] = body?.CommuneCode ?? string.Empty,
            ["description"] = body?.Description ?? string.Empty,
            ["attributes"] = string.Join('\n', (body?.Attributes ?? new Dictionary<string, IReadOnlyList<string>>()).Select(a => $"{a.Key}: {string.Join(", ", a.Value)}")),
            ["photos"] = string.Join('\n', photos),
            ["link"] = Absolute(publicBaseUrl, $"/reports/{number}"),
        };
    }

    /// <summary>The state in words; an unknown code as it is.</summary>
    public static string StatusName(string? code, bool english) =>
        Enum.GetValues<ReportStatus>().Where(s => s.Code() == code).Select(s => s.Name(english)).FirstOrDefault() ?? code ?? string.Empty;

    public static string Absolute(string? publicBaseUrl, string path) =>
        string.IsNullOrWhiteSpace(publicBaseUrl) ? path : publicBaseUrl.TrimEnd('/') + path;

    private static string When(DateTimeOffset at) => VietnamTime.ToLocal(at).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    private static string Lang(string? language) => ReportLanguage.Normalize(language);

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    internal static string Fill(string template, string file, IReadOnlyDictionary<string, string> values, bool encode)
    {
        var text = template.Replace("\r\n", "\n", StringComparison.Ordinal);
        for (var round = 0; round < 16; round++)
        {
            var before = text;
            text = Block().Replace(text, m =>
            {
                var key = m.Groups[2].Value;
                if (!values.TryGetValue(key, out var value))
                {
                    throw new NoticeTemplateException($"Template {file} has a block {{{{{m.Groups[1].Value}{key}}}}}, but a notice has no value '{key}'.");
                }

                return string.IsNullOrEmpty(value) == (m.Groups[1].Value == "^") ? m.Groups[3].Value : string.Empty;
            });
            if (text == before)
            {
                break;
            }
        }

        if (Marker().Match(text) is { Success: true } unclosed)
        {
            throw new NoticeTemplateException($"Template {file} has a block that is not closed: {unclosed.Value}.");
        }

        return Placeholder().Replace(text, m =>
        {
            var key = m.Groups[1].Value;
            if (!values.TryGetValue(key, out var value))
            {
                throw new NoticeTemplateException($"Template {file} uses {{{{{key}}}}}, but a notice has no value '{key}'.");
            }

            return encode ? string.Join("<br>", value.Split('\n').Select(Html.Encode)) : value;
        });
    }

    private static string Load(string file)
    {
        var text = Cache.GetOrAdd(file, Embedded);
        return text ?? throw new NoticeTemplateException($"The notice template {file} does not exist.");
    }

    private static string? Embedded(string file)
    {
        using var stream = typeof(NoticeTemplates).Assembly.GetManifestResourceStream($"Mekong.Modules.Reports.Features.Notices.Templates.{file}");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("\\{\\{([#^])([A-Za-z]+)\\}\\}(.*?)\\{\\{/\\2\\}\\}", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Block();

    [GeneratedRegex("\\{\\{[#^/][A-Za-z]*\\}\\}", RegexOptions.CultureInvariant)]
    private static partial Regex Marker();

    [GeneratedRegex("\\{\\{([A-Za-z]+)\\}\\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
