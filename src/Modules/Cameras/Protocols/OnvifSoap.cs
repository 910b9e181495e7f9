using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Mekong.Modules.Cameras.Protocols;

/// <summary>
/// ONVIF's SOAP as both ends need it: WS-Security UsernameToken with PasswordDigest
/// (Base64(SHA-1(nonce + created + password)), OASIS WSS UsernameToken Profile 1.0) and the envelopes of the three calls
/// the prober makes (GetDeviceInformation, GetStreamUri, GetSnapshotUri).
/// </summary>
internal static class OnvifSoap
{
    public static readonly XNamespace Soap = "http://www.w3.org/2003/05/soap-envelope";
    public static readonly XNamespace Wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public static readonly XNamespace Wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    public static readonly XNamespace Device = "http://www.onvif.org/ver10/device/wsdl";
    public static readonly XNamespace Media = "http://www.onvif.org/ver10/media/wsdl";
    public static readonly XNamespace Schema = "http://www.onvif.org/ver10/schema";
    public const string DigestType = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";

    // The UsernameToken profile fixes SHA-1; every ONVIF device expects exactly this digest.
#pragma warning disable CA5350
    public static string PasswordDigest(byte[] nonce, string created, string password) =>
        Convert.ToBase64String(SHA1.HashData([.. nonce, .. Encoding.UTF8.GetBytes(created), .. Encoding.UTF8.GetBytes(password)]));
#pragma warning restore CA5350

    /// <summary>A request envelope for <paramref name="body"/>, signed with a fresh UsernameToken.</summary>
    public static string Request(XElement body, string username, string password, DateTimeOffset now)
    {
        var nonce = RandomNumberGenerator.GetBytes(16);
        var created = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        var envelope = new XElement(Soap + "Envelope",
            new XElement(Soap + "Header",
                new XElement(Wsse + "Security", new XAttribute(Soap + "mustUnderstand", "1"),
                    new XElement(Wsse + "UsernameToken",
                        new XElement(Wsse + "Username", username),
                        new XElement(Wsse + "Password", new XAttribute("Type", DigestType), PasswordDigest(nonce, created, password)),
                        new XElement(Wsse + "Nonce", new XAttribute("EncodingType", "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"), Convert.ToBase64String(nonce)),
                        new XElement(Wsu + "Created", created)))),
            new XElement(Soap + "Body", body));
        return envelope.ToString(SaveOptions.DisableFormatting);
    }

    public static XElement GetDeviceInformation() => new(Device + "GetDeviceInformation");

    public static XElement GetStreamUri(string profile) => new(Media + "GetStreamUri",
        new XElement(Media + "StreamSetup", new XElement(Schema + "Stream", "RTP-Unicast"), new XElement(Schema + "Transport", new XElement(Schema + "Protocol", "RTSP"))),
        new XElement(Media + "ProfileToken", profile));

    public static XElement GetSnapshotUri(string profile) => new(Media + "GetSnapshotUri", new XElement(Media + "ProfileToken", profile));

    /// <summary>Checks a request's UsernameToken (PasswordDigest, or PasswordText) against the password; false when absent or wrong.</summary>
    public static bool Authenticated(XDocument request, string username, string password)
    {
        var token = request.Descendants(Wsse + "UsernameToken").FirstOrDefault();
        if (token is null || (string?)token.Element(Wsse + "Username") != username || token.Element(Wsse + "Password") is not { } given)
        {
            return false;
        }

        var type = (string?)given.Attribute("Type");
        if (type is null || type.EndsWith("#PasswordText", StringComparison.Ordinal))
        {
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given.Value), Encoding.UTF8.GetBytes(password));
        }

        try
        {
            var nonce = Convert.FromBase64String((string?)token.Element(Wsse + "Nonce") ?? string.Empty);
            var created = (string?)token.Element(Wsu + "Created") ?? string.Empty;
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(PasswordDigest(nonce, created, password)), Encoding.UTF8.GetBytes(given.Value));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static string Response(XElement body) =>
        new XElement(Soap + "Envelope", new XAttribute(XNamespace.Xmlns + "env", Soap), new XAttribute(XNamespace.Xmlns + "tds", Device), new XAttribute(XNamespace.Xmlns + "trt", Media), new XAttribute(XNamespace.Xmlns + "tt", Schema),
            new XElement(Soap + "Body", body)).ToString(SaveOptions.DisableFormatting);

    public static string Fault(string subcode, string reason) =>
        new XElement(Soap + "Envelope", new XAttribute(XNamespace.Xmlns + "env", Soap), new XAttribute(XNamespace.Xmlns + "ter", "http://www.onvif.org/ver10/error"),
            new XElement(Soap + "Body",
                new XElement(Soap + "Fault",
                    new XElement(Soap + "Code", new XElement(Soap + "Value", "env:Sender"),
                        new XElement(Soap + "Subcode", new XElement(Soap + "Value", subcode))),
                    new XElement(Soap + "Reason", new XElement(Soap + "Text", new XAttribute(XNamespace.Xml + "lang", "en"), reason))))).ToString(SaveOptions.DisableFormatting);
}
