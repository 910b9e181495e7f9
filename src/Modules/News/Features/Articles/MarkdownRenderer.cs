using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Ganss.Xss;
using Markdig;
using Mekong.Modules.News.Domain;

namespace Mekong.Modules.News.Features.Articles;

/// <summary>
/// Markdown (Markdig, raw HTML switched off) to HTML, then through an allow-list sanitiser (HtmlSanitizer): an editor's
/// account that is taken over still cannot put a script, a frame, an event handler or a <c>javascript:</c> link on the
/// portal. Images only from the module's own file store (<c>/news/images/…</c>): no tracking pixels from elsewhere.
/// </summary>
internal sealed partial class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseListExtras()
        .Build();

    private readonly HtmlSanitizer _sanitizer;

    public MarkdownRenderer()
    {
        _sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "ins", "mark", "sub", "sup", "code", "pre",
                "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src", "alt", "title", "start" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto", "tel" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        });
        _sanitizer.FilterUrl += (_, e) =>
        {
            if (e.Tag?.NodeName.Equals("IMG", StringComparison.OrdinalIgnoreCase) == true && !OwnImage().IsMatch(e.OriginalUrl))
            {
                e.SanitizedUrl = null;
            }
        };
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { NodeName: "A" } link && link.GetAttribute("href") is { } href && !href.StartsWith('/'))
            {
                link.SetAttribute("rel", "nofollow noopener noreferrer");
            }
        };
    }

    /// <summary>Markdown as the editor typed it (h1 is the article's title, so headings start at h2).</summary>
    public RenderedBody Render(string markdown)
    {
        var html = Markdown.ToHtml(markdown, Pipeline);
        html = html.Replace("<h1", "<h2", StringComparison.Ordinal).Replace("</h1>", "</h2>", StringComparison.Ordinal);
        return new RenderedBody(_sanitizer.Sanitize(html));
    }

    /// <summary>HTML from somebody else (a feed) reduced to its words: no markup survives, scripts and styles not even as text.</summary>
    public static string PlainText(string? html, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return string.Empty;
        }

        var document = new HtmlParser().ParseDocument("<body>" + html + "</body>");
        foreach (var element in document.QuerySelectorAll("script, style, noscript, template, iframe, object, svg, math, head").ToList())
        {
            element.Remove();
        }

        var text = Spaces().Replace(document.Body?.TextContent ?? string.Empty, " ").Trim();
        return text.Length > maxLength ? text[..maxLength].TrimEnd() + "…" : text;
    }

    [GeneratedRegex(@"^/news/images/[0-9a-f-]{32,36}/[0-9a-f]{64}$")]
    private static partial Regex OwnImage();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
