using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text;
using System.Text.RegularExpressions;
using Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

namespace Mekong.UnitTests.AdminUnits.Import;

public sealed partial class ImportMessagesTests
{
    [Fact]
    public void Every_message_has_a_vietnamese_and_an_english_text_with_the_same_placeholders()
    {
        var vi = Entries(CultureInfo.InvariantCulture);
        var en = Entries(CultureInfo.GetCultureInfo("en"));

        Assert.NotEmpty(vi);
        Assert.Equal(vi.Keys.Order(StringComparer.Ordinal), en.Keys.Order(StringComparer.Ordinal));
        Assert.All(vi.Keys, key =>
        {
            Assert.False(string.IsNullOrWhiteSpace(vi[key]), $"{key}: no Vietnamese text");
            Assert.False(string.IsNullOrWhiteSpace(en[key]), $"{key}: no English text");
            Assert.True(Placeholders(vi[key]).SetEquals(Placeholders(en[key])), $"{key}: '{vi[key]}' and '{en[key]}' take different placeholders");
            var args = Enumerable.Range(0, 10).Select(i => (object)i).ToArray();
            _ = string.Format(CultureInfo.InvariantCulture, vi[key], args);
            _ = string.Format(CultureInfo.InvariantCulture, en[key], args);
        });
    }

    [Fact]
    public void Vietnamese_words_carry_their_diacritics()
    {
        var vi = Entries(CultureInfo.InvariantCulture);

        Assert.Contains("chồng lấn", vi["OverlapRejection"], StringComparison.Ordinal);
        Assert.Contains("khoảng hở", vi["Gap"], StringComparison.Ordinal);
        Assert.Contains("đơn vị cấp trên", vi["ParentMissing"], StringComparison.Ordinal);
        Assert.Equal(vi["ParentMissing"], vi["ParentMissing"].Normalize(NormalizationForm.FormC));
    }

    [Fact]
    public void A_rejection_comes_out_in_the_current_ui_culture()
    {
        // A CSV row with a missing field: the reader's words, then the report's "feature N (code):" around them.
        string Rejection(string culture)
        {
            var before = CultureInfo.CurrentUICulture;
            try
            {
                CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
                var csv = new MemoryStream(Encoding.UTF8.GetBytes("code,name,wkt\n94101,Phường Tân An\n"));
                var feature = Assert.Single(FeatureReaders.Read(ImportFile.FromStream(csv, "xa.csv"), new ImportLimits(), CancellationToken.None).Features);
                return new ImportIssue(IssueSeverity.Rejection, feature.Number, "94101", feature.Problem!).ToString();
            }
            finally
            {
                CultureInfo.CurrentUICulture = before;
            }
        }

        Assert.Equal("đối tượng 1 (94101): có 2 trường trong khi dòng tiêu đề có 3.", Rejection("vi-VN"));
        Assert.Equal("feature 1 (94101): has 2 fields where the header has 3.", Rejection("en"));
    }

    [Fact]
    public void Numbers_are_invariant_in_both_languages()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("vi-VN");
            Assert.Equal("... và 1234 khoảng hở khác, tổng cộng 12.5 ha.", ImportMessages.Format("MoreGaps", 1234, "12.5"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static Dictionary<string, string> Entries(CultureInfo culture)
    {
        // tryParents: false, so a text missing from ImportMessages.en.resx is not hidden by the Vietnamese fallback.
        var set = ImportMessages.Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new MissingManifestResourceException($"No import messages for '{culture.Name}'.");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{\d+(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();
}
