using System.Globalization;
using System.Text;
using System.Xml;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.News.Domain;
using Mekong.Platform.Configuration;
using Mekong.Platform.Errors;
using Mekong.Platform.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.News.Features.Reading;

/// <summary>
/// RSS 2.0 and Atom 1.0 (RFC 4287) of the jurisdiction's newest articles, all or one category. Links are absolute on
/// <c>Mekong:PublicBaseUrl</c> (or the proxy's forwarded host), never on the caller's Host header; entry ids are tag
/// URIs (RFC 4151) that stay the same when the site moves.
/// </summary>
internal static class OwnFeeds
{
    public enum Format
    {
        Rss,
        Atom,
    }

    public const int Items = 30;

    public static async Task<IResult> WriteAsync(HttpContext http, string? category, Format format, CancellationToken cancellationToken)
    {
        var parsed = category is null ? null : ArticleContent.ParseCategory(category);
        if (category is not null && parsed is null)
        {
            return Problem.NotFound("Not found", $"No category {category}: announcements, news, warnings or events.");
        }

        var services = http.RequestServices;
        var directory = services.GetRequiredService<IAdminUnitDirectory>();
        var code = await PortalJurisdiction.ResolveAsync(http.Request.Query["jurisdiction"], directory, cancellationToken);
        var jurisdiction = code is null ? null : await directory.FindJurisdictionAsync(code, cancellationToken);
        if (jurisdiction is null)
        {
            return Problem.NotFound("Not found", "No such jurisdiction.");
        }

        var articles = await services.GetRequiredService<NewsReader>().NewestAsync(new NewsFilter(jurisdiction.Code, null, parsed, null), Items, cancellationToken);
        var origin = ReverseProxy.PublicOrigin(http.Request, services.GetRequiredService<IOptions<MekongOptions>>().Value.PublicBaseUrl)?.TrimEnd('/') ?? string.Empty;
        var suffix = parsed is null ? string.Empty : "/" + ArticleContent.Name(parsed.Value);
        var title = $"Tin tức – {jurisdiction.NameVi}" + (parsed is null ? string.Empty : " – " + CategoryVi(parsed.Value));
        var updated = articles.Count == 0 ? DateTimeOffset.UnixEpoch : articles.Max(a => a.PublishAt!.Value > a.UpdatedAt ? a.PublishAt.Value : a.UpdatedAt);
        var channel = new Channel(title, origin + "/news" + (parsed is null ? string.Empty : "?category=" + ArticleContent.Name(parsed.Value)),
            origin + "/news" + suffix + (format == Format.Rss ? "/feed.rss" : "/feed.atom"), $"tag:mekong,2025:{jurisdiction.Code}/news{suffix}", updated);

        var buffer = new MemoryStream();
        await using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), Indent = true }))
        {
            if (format == Format.Rss)
            {
                await Rss(writer, channel, articles, origin, jurisdiction.Code);
            }
            else
            {
                await Atom(writer, channel, articles, origin, jurisdiction.Code);
            }
        }

        http.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Bytes(buffer.ToArray(), format == Format.Rss ? "application/rss+xml; charset=utf-8" : "application/atom+xml; charset=utf-8");
    }

    private sealed record Channel(string Title, string Link, string Self, string Id, DateTimeOffset Updated);

    private static async Task Rss(XmlWriter w, Channel channel, IReadOnlyList<Article> articles, string origin, string jurisdiction)
    {
        const string AtomNs = "http://www.w3.org/2005/Atom";
        await w.WriteStartDocumentAsync();
        w.WriteStartElement("rss");
        w.WriteAttributeString("version", "2.0");
        w.WriteAttributeString("xmlns", "atom", null, AtomNs);
        w.WriteStartElement("channel");
        w.WriteElementString("title", channel.Title);
        w.WriteElementString("link", channel.Link);
        w.WriteElementString("description", channel.Title);
        w.WriteElementString("language", "vi");
        w.WriteElementString("lastBuildDate", channel.Updated.ToString("r", CultureInfo.InvariantCulture));
        w.WriteStartElement("atom", "link", AtomNs);
        w.WriteAttributeString("href", channel.Self);
        w.WriteAttributeString("rel", "self");
        w.WriteAttributeString("type", "application/rss+xml");
        w.WriteEndElement();
        foreach (var a in articles)
        {
            w.WriteStartElement("item");
            w.WriteElementString("title", a.Title);
            w.WriteElementString("link", origin + "/news/" + a.Slug);
            w.WriteStartElement("guid");
            w.WriteAttributeString("isPermaLink", "false");
            w.WriteString(EntryId(jurisdiction, a));
            w.WriteEndElement();
            w.WriteElementString("pubDate", a.PublishAt!.Value.ToString("r", CultureInfo.InvariantCulture));
            w.WriteElementString("category", ArticleContent.Name(a.Category));
            w.WriteElementString("description", a.Summary.Length > 0 ? a.Summary : a.Title);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
        await w.WriteEndDocumentAsync();
    }

    private static async Task Atom(XmlWriter w, Channel channel, IReadOnlyList<Article> articles, string origin, string jurisdiction)
    {
        const string Ns = "http://www.w3.org/2005/Atom";
        await w.WriteStartDocumentAsync();
        w.WriteStartElement("feed", Ns);
        w.WriteAttributeString("xml", "lang", null, "vi");
        w.WriteElementString("id", Ns, channel.Id);
        w.WriteElementString("title", Ns, channel.Title);
        w.WriteElementString("updated", Ns, Rfc3339(channel.Updated));
        Link(w, Ns, "self", channel.Self, "application/atom+xml");
        Link(w, Ns, "alternate", channel.Link, "text/html");
        w.WriteStartElement("author", Ns);
        w.WriteElementString("name", Ns, channel.Title);
        w.WriteEndElement();
        foreach (var a in articles)
        {
            w.WriteStartElement("entry", Ns);
            w.WriteAttributeString("xml", "lang", null, a.Language);
            w.WriteElementString("id", Ns, EntryId(jurisdiction, a));
            w.WriteElementString("title", Ns, a.Title);
            w.WriteElementString("published", Ns, Rfc3339(a.PublishAt!.Value));
            w.WriteElementString("updated", Ns, Rfc3339(a.UpdatedAt > a.PublishAt.Value ? a.UpdatedAt : a.PublishAt.Value));
            Link(w, Ns, "alternate", origin + "/news/" + a.Slug, "text/html");
            w.WriteStartElement("category", Ns);
            w.WriteAttributeString("term", ArticleContent.Name(a.Category));
            w.WriteEndElement();
            if (a.Summary.Length > 0)
            {
                w.WriteElementString("summary", Ns, a.Summary);
            }

            w.WriteStartElement("content", Ns);
            w.WriteAttributeString("type", "html");
            w.WriteString(a.BodyHtml);
            w.WriteEndElement();
            w.WriteEndElement();
        }

        w.WriteEndElement();
        await w.WriteEndDocumentAsync();
    }

    private static void Link(XmlWriter w, string ns, string rel, string href, string type)
    {
        w.WriteStartElement("link", ns);
        w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("type", type);
        w.WriteAttributeString("href", href);
        w.WriteEndElement();
    }

    private static string EntryId(string jurisdiction, Article a) => $"tag:mekong,2025:{jurisdiction}/news/{a.Id:N}";

    private static string Rfc3339(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string CategoryVi(ArticleCategory category) => category switch
    {
        ArticleCategory.Announcements => "Thông báo",
        ArticleCategory.Warnings => "Cảnh báo",
        ArticleCategory.Events => "Sự kiện",
        _ => "Tin tức",
    };
}
