using Mekong.Modules.Incidents.Domain;
using Mekong.Modules.Incidents.Features.Warnings;
using Mekong.Platform.Errors;
using NetTopologySuite.Geometries;

namespace Mekong.UnitTests.Incidents;

/// <summary>The incident's checklist and deadlines, its closing rule, warning chains and the CAP area's polygons.</summary>
public sealed class IncidentRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);

    private static IncidentType Type() => IncidentType.Create("90", new IncidentTypeContent("flood", "Ngập", "Flood", "Met",
    [
        new SopStep { TitleVi = "A", TitleEn = "A", OwnerKind = StepOwnerKind.Role, OwnerCode = "Operator", DeadlineMinutes = 15 },
        new SopStep { TitleVi = "B", TitleEn = "B", OwnerKind = StepOwnerKind.Department, OwnerCode = "SNNMT", DeadlineMinutes = 120 },
    ]), T0);

    private static Incident Open() => Incident.Open("90", Type(), new IncidentContent("Severe", "Ngập", "", null, null, ["90001"], []), IncidentSource.Manual, null, "op", T0);

    [Fact]
    public void A_step_is_overdue_only_while_not_done_past_its_deadline_and_never_once_the_incident_is_closed()
    {
        var incident = Open();
        Assert.Equal([T0.AddMinutes(15), T0.AddMinutes(120)], incident.Checklist.Select(s => s.DueAt));
        Assert.Equal(0, incident.OverdueSteps(T0.AddMinutes(15)));
        Assert.Equal(1, incident.OverdueSteps(T0.AddMinutes(16)));
        Assert.Equal(2, incident.OverdueSteps(T0.AddHours(3)));
        incident.MarkStep(1, true, "op", null, T0.AddHours(3));
        Assert.Equal(1, incident.OverdueSteps(T0.AddHours(3)));
        Assert.Throws<DomainException>(() => incident.Close(" ", "op", T0.AddHours(3)));
        incident.Close("Nước đã rút.", "op", T0.AddHours(4));
        Assert.Equal(0, incident.OverdueSteps(T0.AddHours(5)));
        Assert.Throws<DomainException>(() => incident.AddNote("x", "op", T0.AddHours(5)));
        Assert.Equal(["opened", "step-done", "closed"], incident.Timeline.Select(e => e.Kind));
    }

    [Fact]
    public void An_update_supersedes_the_warning_it_references_and_a_superseded_one_cannot_be_replaced_again()
    {
        var incident = Open();
        var text = new WarningText("H", "D", "I");
        WarningContent Content(string type, Guid? references) => new(type, references, text, text, "Severe", "Expected", "Likely", ["90001"], T0, T0.AddHours(6));
        var alert = Warning.Issue(incident, Content("Alert", null), null, "op", T0);
        Assert.True(alert.IsInForce(T0.AddHours(1)));
        Assert.False(alert.IsInForce(T0.AddHours(6)));
        var update = Warning.Issue(incident, Content("Update", alert.Id), alert, "op", T0.AddMinutes(10));
        Assert.False(alert.IsInFeed(T0.AddMinutes(11)));
        Assert.True(update.IsInForce(T0.AddMinutes(11)));
        Assert.Throws<DomainException>(() => Warning.Issue(incident, Content("Cancel", alert.Id), alert, "op", T0.AddMinutes(20)));
        var cancel = Warning.Issue(incident, Content("Cancel", update.Id), update, "op", T0.AddMinutes(20));
        Assert.True(cancel.IsInFeed(T0.AddMinutes(21)));
        Assert.False(cancel.IsInForce(T0.AddMinutes(21)));
    }

    [Fact]
    public void Two_adjacent_communes_make_one_closed_polygon_in_lat_lon_and_a_detailed_boundary_is_simplified()
    {
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        Polygon Box(double x0, double y0, double x1, double y1) => factory.CreatePolygon([new(x0, y0), new(x1, y0), new(x1, y1), new(x0, y1), new(x0, y0)]);
        var polygons = WarningArea.Polygons([Box(105.9, 9.6, 106.0, 9.7), Box(106.0, 9.6, 106.1, 9.7)]);
        var points = Assert.Single(polygons).Split(' ');
        Assert.Equal(points[0], points[^1]);
        Assert.All(points, p => Assert.InRange(double.Parse(p.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture), 9.6, 9.7));

        // A ring of 5,000 points (a surveyed boundary) comes out within the bound.
        var ring = Enumerable.Range(0, 5000).Select(i => new Coordinate(106 + (0.05 * Math.Cos(i * 2 * Math.PI / 5000)), 9.6 + (0.05 * Math.Sin(i * 2 * Math.PI / 5000)) + (0.0001 * (i % 2)))).ToList();
        ring.Add(ring[0]);
        var simplified = Assert.Single(WarningArea.Polygons([factory.CreatePolygon([.. ring])])).Split(' ');
        Assert.InRange(simplified.Length, 4, WarningArea.MaxPoints);
        Assert.Equal(2, WarningArea.Polygons([Box(105.0, 9.0, 105.1, 9.1), Box(106.0, 9.6, 106.1, 9.7)]).Count);
    }
}
