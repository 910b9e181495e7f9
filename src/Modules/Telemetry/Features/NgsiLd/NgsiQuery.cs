using System.Globalization;
using System.Text.Json;
using Mekong.Platform.Spatial;
using NetTopologySuite.Geometries;

namespace Mekong.Modules.Telemetry.Features.NgsiLd;

/// <summary>What a query may ask of an entity's attribute: a number (a measurement's latest value) or text (name, …); null when absent.</summary>
internal delegate object? AttributeValue(string attribute);

/// <summary>
/// The part of the NGSI-LD query language (ETSI GS CIM 009, 4.9) this server evaluates (ADR 0041): terms
/// <c>attr</c> (exists), <c>attr==v</c>, <c>!=</c>, <c>&gt;</c>, <c>&lt;</c>, <c>&gt;=</c>, <c>&lt;=</c>, joined by
/// <c>;</c> (and) and <c>|</c> (or) with parentheses; values are numbers, "quoted text", true/false, ranges
/// <c>min..max</c> and lists <c>a,b,c</c> (with == and != only). Anything else — the pattern operators <c>~=</c> and
/// <c>!~=</c>, attribute paths (<c>a.b</c>, <c>a[b]</c>), unquoted dates — is refused with a sentence that says so.
/// </summary>
internal abstract record QueryNode
{
    public abstract bool Matches(AttributeValue values);

    public static QueryNode Parse(string text)
    {
        var parser = new Parser(text);
        var node = parser.Or();
        parser.End();
        return node;
    }

    /// <summary>The attributes the query reads.</summary>
    public abstract IEnumerable<string> Attributes();

    private sealed class Parser(string text)
    {
        private int _at;

        public QueryNode Or()
        {
            var left = And();
            while (Peek() == '|')
            {
                _at++;
                left = new OrNode(left, And());
            }

            return left;
        }

        private QueryNode And()
        {
            var left = Term();
            while (Peek() == ';')
            {
                _at++;
                left = new AndNode(left, Term());
            }

            return left;
        }

        private QueryNode Term()
        {
            if (Peek() == '(')
            {
                _at++;
                var inner = Or();
                if (Peek() != ')')
                {
                    throw Error("a ')' is missing");
                }

                _at++;
                return inner;
            }

            var start = _at;
            while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] is '_' or ':' or '/' or '#' or '-') && !IsOperatorStart())
            {
                _at++;
            }

            var attribute = text[start.._at];
            if (attribute.Length == 0 || !char.IsAsciiLetter(attribute[0]) && !attribute.StartsWith("http", StringComparison.Ordinal))
            {
                throw Error("an attribute name is expected");
            }

            if (Peek() is '.' or '[')
            {
                throw Error($"attribute paths ('{attribute}.…', '{attribute}[…]') are not supported: query a property's value by its name");
            }

            var op = Operator();
            attribute = NgsiVocabulary.Term(attribute);
            if (op is null)
            {
                return new ExistsNode(attribute);
            }

            if (op is "~=" or "!~=")
            {
                throw Error($"the pattern operator '{op}' is not supported (only ==, !=, >, <, >=, <=)");
            }

            var first = Value();
            if (Peek() == '.' && _at + 1 < text.Length && text[_at + 1] == '.')
            {
                _at += 2;
                var last = Value();
                if (op is not ("==" or "!=") || first is not double low || last is not double high)
                {
                    throw Error("a range min..max is of numbers and goes with == or != only");
                }

                return new RangeNode(attribute, op == "==", low, high);
            }

            if (Peek() == ',')
            {
                var list = new List<object> { first };
                while (Peek() == ',')
                {
                    _at++;
                    list.Add(Value());
                }

                if (op is not ("==" or "!="))
                {
                    throw Error("a list a,b,c goes with == or != only");
                }

                return new ListNode(attribute, op == "==", list);
            }

            if (op is not ("==" or "!=") && first is not double)
            {
                throw Error($"'{op}' compares numbers");
            }

            return new CompareNode(attribute, op, first);
        }

        private bool IsOperatorStart() => text[_at] is '=' or '!' or '<' or '>' or '~';

        private string? Operator()
        {
            foreach (var op in new[] { "==", "!=", ">=", "<=", "!~=", "~=", ">", "<" })
            {
                if (string.CompareOrdinal(text, _at, op, 0, op.Length) == 0)
                {
                    _at += op.Length;
                    return op;
                }
            }

            if (_at < text.Length && text[_at] is '=' or '!')
            {
                throw Error("an operator ==, !=, >, <, >= or <= is expected");
            }

            return null;
        }

        private object Value()
        {
            if (Peek() == '"')
            {
                var end = text.IndexOf('"', _at + 1);
                if (end < 0)
                {
                    throw Error("a quoted value is not closed");
                }

                var s = text[(_at + 1)..end];
                _at = end + 1;
                return s;
            }

            var start = _at;
            while (_at < text.Length && text[_at] is not (';' or '|' or ')' or ','))
            {
                if (text[_at] == '.' && _at + 1 < text.Length && text[_at + 1] == '.')
                {
                    break;
                }

                _at++;
            }

            var token = text[start.._at];
            if (token is "true" or "false")
            {
                return token == "true";
            }

            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                return number;
            }

            throw Error(token.Length == 0
                ? "a value is expected"
                : $"'{Short(token)}' is not a number, true/false or a \"quoted\" text (date-time values are not supported)");
        }

        private char? Peek() => _at < text.Length ? text[_at] : null;

        public void End()
        {
            if (_at < text.Length)
            {
                throw Error($"unexpected '{Short(text[_at..])}'");
            }
        }

        private QueryException Error(string what) => new($"q is not understood at position {_at + 1}: {what}.");

        private static string Short(string s) => s.Length > 30 ? s[..30] + "…" : s;
    }

    private sealed record OrNode(QueryNode Left, QueryNode Right) : QueryNode
    {
        public override bool Matches(AttributeValue values) => Left.Matches(values) || Right.Matches(values);

        public override IEnumerable<string> Attributes() => Left.Attributes().Concat(Right.Attributes());
    }

    private sealed record AndNode(QueryNode Left, QueryNode Right) : QueryNode
    {
        public override bool Matches(AttributeValue values) => Left.Matches(values) && Right.Matches(values);

        public override IEnumerable<string> Attributes() => Left.Attributes().Concat(Right.Attributes());
    }

    private sealed record ExistsNode(string Attribute) : QueryNode
    {
        public override bool Matches(AttributeValue values) => values(Attribute) is not null;

        public override IEnumerable<string> Attributes() => [Attribute];
    }

    private sealed record CompareNode(string Attribute, string Operator, object Value) : QueryNode
    {
        public override bool Matches(AttributeValue values)
        {
            var actual = values(Attribute);
            if (actual is null)
            {
                return false; // a term on an attribute the entity lacks is false, != included (4.9)
            }

            if (Value is double wanted)
            {
                if (actual is not double x)
                {
                    return Operator == "!=";
                }

                return Operator switch
                {
                    "==" => x == wanted,
                    "!=" => x != wanted,
                    ">" => x > wanted,
                    "<" => x < wanted,
                    ">=" => x >= wanted,
                    _ => x <= wanted,
                };
            }

            return Operator == "==" ? Equals(actual, Value) : !Equals(actual, Value);
        }

        public override IEnumerable<string> Attributes() => [Attribute];
    }

    private sealed record RangeNode(string Attribute, bool Inside, double Low, double High) : QueryNode
    {
        public override bool Matches(AttributeValue values) =>
            values(Attribute) is double x && (x >= Low && x <= High) == Inside;

        public override IEnumerable<string> Attributes() => [Attribute];
    }

    private sealed record ListNode(string Attribute, bool Any, IReadOnlyList<object> Values) : QueryNode
    {
        public override bool Matches(AttributeValue values)
        {
            var actual = values(Attribute);
            return actual is not null && Values.Any(v => Equals(v, actual)) == Any;
        }

        public override IEnumerable<string> Attributes() => [Attribute];
    }
}

internal sealed class QueryException(string message) : Exception(message);

/// <summary>
/// A geo-query (4.10) on the entities' <c>location</c>: <c>georel</c> near (<c>;maxDistance==m</c> or
/// <c>;minDistance==m</c>, metres), within, intersects, disjoint or equals, against a Point or a Polygon given in
/// <c>coordinates</c> as GeoJSON coordinates. A device stands at one point, so within and intersects are "the point lies
/// in (or on) the polygon". Other geometries are refused.
/// </summary>
internal sealed record GeoQuery(string Relation, Geometry Geometry, double? MaxDistance, double? MinDistance)
{
    public static (GeoQuery? Query, string? Error) Parse(string? georel, string? geometry, string? coordinates, string? geoproperty)
    {
        if (georel is null && geometry is null && coordinates is null)
        {
            return (null, null);
        }

        if (georel is null || geometry is null || coordinates is null)
        {
            return (null, "A geo-query names georel, geometry and coordinates together.");
        }

        if (geoproperty is not null && geoproperty != "location")
        {
            return (null, "Entities of this server have one GeoProperty, location.");
        }

        var parts = georel.Split(';');
        var relation = parts[0];
        double? max = null, min = null;
        if (relation == "near")
        {
            if (parts.Length != 2 || !TryDistance(parts[1], "maxDistance==", out max) && !TryDistance(parts[1], "minDistance==", out min))
            {
                return (null, "near takes one of ;maxDistance==metres or ;minDistance==metres.");
            }
        }
        else if (relation is not ("within" or "intersects" or "disjoint" or "equals") || parts.Length != 1)
        {
            return (null, $"georel is near;maxDistance==m, near;minDistance==m, within, intersects, disjoint or equals (here: '{(georel.Length > 40 ? georel[..40] : georel)}').");
        }

        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(coordinates);
            json = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (null, "coordinates is a JSON array of GeoJSON coordinates, e.g. [105.97,9.6].");
        }

        Geometry shape;
        try
        {
            shape = geometry switch
            {
                "Point" => Geo.Point(Number(json[0]), Number(json[1])),
                "Polygon" => Polygon(json),
                _ => throw new FormatException($"geometry is Point or Polygon, not '{(geometry.Length > 30 ? geometry[..30] : geometry)}'."),
            };
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or IndexOutOfRangeException or ArgumentException)
        {
            return (null, e is FormatException ? e.Message : $"The coordinates are not a GeoJSON {geometry}.");
        }

        if (relation == "near" && shape is not Point)
        {
            return (null, "near measures from a Point.");
        }

        if (!shape.IsValid)
        {
            return (null, "The polygon is not valid (closed, not self-intersecting).");
        }

        return (new GeoQuery(relation, shape, max, min), null);
    }

    public bool Matches(double latitude, double longitude)
    {
        var point = Geo.Point(longitude, latitude);
        switch (Relation)
        {
            case "near":
                var centre = (Point)Geometry;
                var distance = Distance(latitude, longitude, centre.Y, centre.X);
                return (MaxDistance is not { } max || distance <= max) && (MinDistance is not { } min || distance >= min);
            case "within":
                return Geometry is Point p ? p.EqualsExact(point) : Geometry.Covers(point);
            case "intersects":
                return Geometry.Intersects(point);
            case "disjoint":
                return !Geometry.Intersects(point);
            default:
                return Geometry.EqualsExact(point);
        }
    }

    /// <summary>Great-circle distance in metres.</summary>
    public static double Distance(double lat1, double lon1, double lat2, double lon2) => Mekong.Platform.Spatial.Geo.DistanceMetres(lat1, lon1, lat2, lon2);

    private static bool TryDistance(string text, string prefix, out double? value)
    {
        value = null;
        if (text.StartsWith(prefix, StringComparison.Ordinal)
            && double.TryParse(text[prefix.Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0 && double.IsFinite(d))
        {
            value = d;
            return true;
        }

        return false;
    }

    private static double Number(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : throw new InvalidOperationException();

    private static Polygon Polygon(JsonElement json)
    {
        var rings = json.EnumerateArray().Select(ring => ring.EnumerateArray().Select(c => new Coordinate(Number(c[0]), Number(c[1]))).ToArray()).ToList();
        if (rings.Count == 0 || rings.Any(r => r.Length < 4 || r.Length > 10_000))
        {
            throw new InvalidOperationException();
        }

        return Geo.Factory.CreatePolygon(Geo.Factory.CreateLinearRing(rings[0]), rings.Skip(1).Select(r => Geo.Factory.CreateLinearRing(r)).ToArray());
    }
}
