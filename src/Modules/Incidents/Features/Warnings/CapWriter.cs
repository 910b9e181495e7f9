using System.Globalization;
using System.Text;
using System.Xml;
using Mekong.Modules.Incidents.Domain;
using Mekong.Platform;

namespace Mekong.Modules.Incidents.Features.Warnings;

/// <summary>Who sends the jurisdiction's warnings and where residents read more, for the CAP messages.</summary>
internal sealed record CapSender(string Sender, string SenderNameVi, string SenderNameEn, string? Web, string? Contact);

/// <summary>
/// Writes a warning as a Common Alerting Protocol 1.2 message (OASIS): the <c>alert</c> with its identifier, sender,
/// sent time, status, message type, scope and references, then one <c>info</c> per language (vi-VN first, en-US), each
/// with the same area. Times are written in Vietnam's offset (CAP forbids "Z"); free texts are escaped by the writer.
/// </summary>
internal static class CapWriter
{
    public const string ContentType = "application/cap+xml";

    public static string Identifier(Warning w) => $"mekong-{w.JurisdictionCode}-{w.Id:N}";

    public static string Time(DateTimeOffset t) => VietnamTime.ToLocal(t).ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    public static string Write(Warning w, Warning? referenced, CapSender sender, CapArea area)
    {
        var output = new StringBuilder();
        using (var x = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8, OmitXmlDeclaration = false }))
        {
            x.WriteStartDocument();
            x.WriteStartElement("alert", Cap.Namespace);
            Element(x, "identifier", Identifier(w));
            Element(x, "sender", sender.Sender);
            Element(x, "sent", Time(w.Sent));
            Element(x, "status", "Actual");
            Element(x, "msgType", w.MessageType);
            Element(x, "scope", "Public");
            if (referenced is not null)
            {
                Element(x, "references", $"{sender.Sender},{Identifier(referenced)},{Time(referenced.Sent)}");
            }

            Element(x, "incidents", w.IncidentId.ToString("N"));
            Info(x, w, "vi-VN", w.EventVi, w.Vi, sender.SenderNameVi, sender, area.DescriptionVi, area);
            Info(x, w, "en-US", w.EventEn, w.En, sender.SenderNameEn, sender, area.DescriptionEn, area);
            x.WriteEndElement();
            x.WriteEndDocument();
        }

        // StringBuilder output is UTF-16; the document is served as UTF-8.
        return output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static void Info(XmlWriter x, Warning w, string language, string eventName, WarningText text, string senderName, CapSender sender, string areaDesc, CapArea area)
    {
        x.WriteStartElement("info", Cap.Namespace);
        Element(x, "language", language);
        Element(x, "category", w.CapCategory);
        Element(x, "event", eventName);
        Element(x, "urgency", w.Urgency);
        Element(x, "severity", w.Severity);
        Element(x, "certainty", w.Certainty);
        Element(x, "onset", Time(w.Onset));
        Element(x, "expires", Time(w.Expires));
        Element(x, "senderName", senderName);
        Element(x, "headline", text.Headline);
        Element(x, "description", text.Description);
        if (text.Instruction.Length > 0)
        {
            Element(x, "instruction", text.Instruction);
        }

        if (sender.Web is not null)
        {
            Element(x, "web", sender.Web);
        }

        if (sender.Contact is not null)
        {
            Element(x, "contact", sender.Contact);
        }

        x.WriteStartElement("area", Cap.Namespace);
        Element(x, "areaDesc", areaDesc.Length > 0 ? areaDesc : "—");
        foreach (var polygon in area.Polygons)
        {
            Element(x, "polygon", polygon);
        }

        foreach (var (code, _, _) in area.Communes)
        {
            x.WriteStartElement("geocode", Cap.Namespace);
            Element(x, "valueName", "VN-ADMIN-UNIT");
            Element(x, "value", code);
            x.WriteEndElement();
        }

        x.WriteEndElement();
        x.WriteEndElement();
    }

    private static void Element(XmlWriter x, string name, string value) => x.WriteElementString(name, Cap.Namespace, value);
}
