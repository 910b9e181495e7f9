using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Mekong.IntegrationTests.Incidents;

/// <summary>
/// An XML Schema for CAP 1.2 written for these tests from the OASIS standard's element tables (section 3): the
/// alert, info, resource and area blocks in the standard's order with their cardinalities, the code lists as
/// enumerations, the date-time form with a numeric offset (no "Z") and polygons as at least four lat,lon pairs.
/// </summary>
internal static class CapSchema
{
    private const string Text = """
        <?xml version="1.0" encoding="utf-8"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:cap="urn:oasis:names:tc:emergency:cap:1.2"
                   targetNamespace="urn:oasis:names:tc:emergency:cap:1.2" elementFormDefault="qualified">
          <xs:simpleType name="capTime">
            <xs:restriction base="xs:dateTime">
              <xs:pattern value="\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+\-]\d{2}:\d{2}"/>
            </xs:restriction>
          </xs:simpleType>
          <xs:simpleType name="token">
            <xs:restriction base="xs:string">
              <xs:pattern value="[^\s,&lt;&amp;]+"/>
            </xs:restriction>
          </xs:simpleType>
          <xs:simpleType name="polygon">
            <xs:restriction base="xs:string">
              <xs:pattern value="(-?\d+(\.\d+)?,-?\d+(\.\d+)? ){3,}-?\d+(\.\d+)?,-?\d+(\.\d+)?"/>
            </xs:restriction>
          </xs:simpleType>
          <xs:simpleType name="status"><xs:restriction base="xs:string">
            <xs:enumeration value="Actual"/><xs:enumeration value="Exercise"/><xs:enumeration value="System"/><xs:enumeration value="Test"/><xs:enumeration value="Draft"/>
          </xs:restriction></xs:simpleType>
          <xs:simpleType name="msgType"><xs:restriction base="xs:string">
            <xs:enumeration value="Alert"/><xs:enumeration value="Update"/><xs:enumeration value="Cancel"/><xs:enumeration value="Ack"/><xs:enumeration value="Error"/>
          </xs:restriction></xs:simpleType>
          <xs:simpleType name="scope"><xs:restriction base="xs:string">
            <xs:enumeration value="Public"/><xs:enumeration value="Restricted"/><xs:enumeration value="Private"/>
          </xs:restriction></xs:simpleType>
          <xs:simpleType name="category"><xs:restriction base="xs:string">
            <xs:enumeration value="Geo"/><xs:enumeration value="Met"/><xs:enumeration value="Safety"/><xs:enumeration value="Security"/>
            <xs:enumeration value="Rescue"/><xs:enumeration value="Fire"/><xs:enumeration value="Health"/><xs:enumeration value="Env"/>
            <xs:enumeration value="Transport"/><xs:enumeration value="Infra"/><xs:enumeration value="CBRNE"/><xs:enumeration value="Other"/>
          </xs:restriction></xs:simpleType>
          <xs:simpleType name="responseType"><xs:restriction base="xs:string">
            <xs:enumeration value="Shelter"/><xs:enumeration value="Evacuate"/><xs:enumeration value="Prepare"/><xs:enumeration value="Execute"/>
            <xs:enumeration value="Avoid"/><xs:enumeration value="Monitor"/><xs:enumeration value="Assess"/><xs:enumeration value="AllClear"/><xs:enumeration value="None"/>
          </xs:restriction></xs:simpleType>
          <xs:simpleType name="urgency"><xs:restriction base="xs:string">
            <xs:enumeration value="Immediate"/><xs:enumeration value="Expected"/><xs:enumeration value="Future"/><xs:enumeration value="Past"/><xs:enumeration value="Unknown"/>
          </xs:restriction></xs:simpleType>
          <xs:simpleType name="severity"><xs:restriction base="xs:string">
            <xs:enumeration value="Extreme"/><xs:enumeration value="Severe"/><xs:enumeration value="Moderate"/><xs:enumeration value="Minor"/><xs:enumeration value="Unknown"/>
          </xs:restriction></xs:simpleType>
          <xs:simpleType name="certainty"><xs:restriction base="xs:string">
            <xs:enumeration value="Observed"/><xs:enumeration value="Likely"/><xs:enumeration value="Possible"/><xs:enumeration value="Unlikely"/><xs:enumeration value="Unknown"/>
          </xs:restriction></xs:simpleType>
          <xs:complexType name="namedValue">
            <xs:sequence><xs:element name="valueName" type="xs:string"/><xs:element name="value" type="xs:string"/></xs:sequence>
          </xs:complexType>
          <xs:element name="alert">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="identifier" type="cap:token"/>
                <xs:element name="sender" type="cap:token"/>
                <xs:element name="sent" type="cap:capTime"/>
                <xs:element name="status" type="cap:status"/>
                <xs:element name="msgType" type="cap:msgType"/>
                <xs:element name="source" type="xs:string" minOccurs="0"/>
                <xs:element name="scope" type="cap:scope"/>
                <xs:element name="restriction" type="xs:string" minOccurs="0"/>
                <xs:element name="addresses" type="xs:string" minOccurs="0"/>
                <xs:element name="code" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
                <xs:element name="note" type="xs:string" minOccurs="0"/>
                <xs:element name="references" type="xs:string" minOccurs="0"/>
                <xs:element name="incidents" type="xs:string" minOccurs="0"/>
                <xs:element name="info" minOccurs="0" maxOccurs="unbounded">
                  <xs:complexType>
                    <xs:sequence>
                      <xs:element name="language" type="xs:language" minOccurs="0"/>
                      <xs:element name="category" type="cap:category" maxOccurs="unbounded"/>
                      <xs:element name="event" type="xs:string"/>
                      <xs:element name="responseType" type="cap:responseType" minOccurs="0" maxOccurs="unbounded"/>
                      <xs:element name="urgency" type="cap:urgency"/>
                      <xs:element name="severity" type="cap:severity"/>
                      <xs:element name="certainty" type="cap:certainty"/>
                      <xs:element name="audience" type="xs:string" minOccurs="0"/>
                      <xs:element name="eventCode" type="cap:namedValue" minOccurs="0" maxOccurs="unbounded"/>
                      <xs:element name="effective" type="cap:capTime" minOccurs="0"/>
                      <xs:element name="onset" type="cap:capTime" minOccurs="0"/>
                      <xs:element name="expires" type="cap:capTime" minOccurs="0"/>
                      <xs:element name="senderName" type="xs:string" minOccurs="0"/>
                      <xs:element name="headline" type="xs:string" minOccurs="0"/>
                      <xs:element name="description" type="xs:string" minOccurs="0"/>
                      <xs:element name="instruction" type="xs:string" minOccurs="0"/>
                      <xs:element name="web" type="xs:anyURI" minOccurs="0"/>
                      <xs:element name="contact" type="xs:string" minOccurs="0"/>
                      <xs:element name="parameter" type="cap:namedValue" minOccurs="0" maxOccurs="unbounded"/>
                      <xs:element name="resource" minOccurs="0" maxOccurs="unbounded">
                        <xs:complexType>
                          <xs:sequence>
                            <xs:element name="resourceDesc" type="xs:string"/>
                            <xs:element name="mimeType" type="xs:string"/>
                            <xs:element name="size" type="xs:integer" minOccurs="0"/>
                            <xs:element name="uri" type="xs:anyURI" minOccurs="0"/>
                            <xs:element name="derefUri" type="xs:string" minOccurs="0"/>
                            <xs:element name="digest" type="xs:string" minOccurs="0"/>
                          </xs:sequence>
                        </xs:complexType>
                      </xs:element>
                      <xs:element name="area" minOccurs="0" maxOccurs="unbounded">
                        <xs:complexType>
                          <xs:sequence>
                            <xs:element name="areaDesc" type="xs:string"/>
                            <xs:element name="polygon" type="cap:polygon" minOccurs="0" maxOccurs="unbounded"/>
                            <xs:element name="circle" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
                            <xs:element name="geocode" type="cap:namedValue" minOccurs="0" maxOccurs="unbounded"/>
                            <xs:element name="altitude" type="xs:decimal" minOccurs="0"/>
                            <xs:element name="ceiling" type="xs:decimal" minOccurs="0"/>
                          </xs:sequence>
                        </xs:complexType>
                      </xs:element>
                    </xs:sequence>
                  </xs:complexType>
                </xs:element>
              </xs:sequence>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """;

    private static readonly Lazy<XmlSchemaSet> Schemas = new(() =>
    {
        var set = new XmlSchemaSet();
        using var reader = XmlReader.Create(new StringReader(Text));
        set.Add(XmlSchema.Read(reader, (_, e) => throw new InvalidOperationException(e.Message)) ?? throw new InvalidOperationException("No schema."));
        set.Compile();
        return set;
    });

    /// <summary>Every schema error of the document (empty when it is valid CAP 1.2).</summary>
    public static IReadOnlyList<string> Validate(string xml)
    {
        var errors = new List<string>();
        var document = XDocument.Parse(xml);
        document.Validate(Schemas.Value, (_, e) => errors.Add(e.Message));
        return errors;
    }
}
