using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using MimeKit;

namespace Mekong.Modules.Notifications.Delivery;

/// <summary>
/// The e-mail layout in Vietnamese and English (<c>Delivery/Templates/email.{vi,en}.{html,txt}</c>, embedded): a
/// HTML part and a plain-text part of the same message. Placeholders <c>{{name}}</c>; a <c>{{#link}}…{{/link}}</c>
/// block shows only when there is a link. Values are HTML-encoded in the HTML part.
/// </summary>
internal static partial class EmailTemplates
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    // Vietnamese letters stay letters (not &#226;): only what HTML needs escaped is escaped.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static (string Subject, string Html, string Text) Render(string language, string name, string title, string body, string? link, string eventType)
    {
        var lang = language == "en" ? "en" : "vi";
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = name,
            ["title"] = title,
            ["body"] = body,
            ["link"] = link ?? string.Empty,
            ["eventType"] = eventType,
        };
        var html = Fill(Load($"email.{lang}.html"), values, encode: true, hasLink: link is not null);
        var text = Fill(Load($"email.{lang}.txt"), values, encode: false, hasLink: link is not null);
        return (title, html, text);
    }

    public static MimeMessage Compose(MailboxAddress from, MailboxAddress to, string messageId, string language, string title, string body, string? link, string eventType)
    {
        var (subject, html, text) = Render(language, to.Name ?? to.Address, title, body, link, eventType);
        var message = new MimeMessage { Subject = subject, MessageId = messageId };
        message.From.Add(from);
        message.To.Add(to);
        message.Headers.Add("Content-Language", language == "en" ? "en" : "vi");
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new BodyBuilder { HtmlBody = html, TextBody = text }.ToMessageBody();
        return message;
    }

    private static string Fill(string template, Dictionary<string, string> values, bool encode, bool hasLink)
    {
        var withBlocks = LinkBlock().Replace(template, m => hasLink ? m.Groups[1].Value : string.Empty);
        return Placeholder().Replace(withBlocks, m =>
        {
            var value = values.TryGetValue(m.Groups[1].Value, out var v) ? v : string.Empty;
            return encode ? string.Join("<br>", value.Split('\n').Select(Html.Encode)) : value;
        });
    }

    private static string Load(string file) => Cache.GetOrAdd(file, f =>
    {
        var name = $"Mekong.Modules.Notifications.Delivery.Templates.{f}";
        using var stream = typeof(EmailTemplates).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The e-mail template {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    [GeneratedRegex("\\{\\{#link\\}\\}(.*?)\\{\\{/link\\}\\}", RegexOptions.Singleline)]
    private static partial Regex LinkBlock();

    [GeneratedRegex("\\{\\{([a-zA-Z]+)\\}\\}")]
    private static partial Regex Placeholder();
}
