using Mekong.Modules.PublicServices.Domain;

namespace Mekong.UnitTests.PublicServices;

/// <summary>A dossier's e-form values checked against the procedure's definition, each error naming its field.</summary>
public sealed class EFormTests
{
    private static readonly FormField[] Definition =
    [
        new("ho-ten", "Họ tên", "Full name", FormFieldType.Text, true, MaxLength: 20),
        new("so-tang", "Số tầng", "Storeys", FormFieldType.Number, false),
        new("ngay-sinh", "Ngày sinh", "Date of birth", FormFieldType.Date, true),
        new("gioi-tinh", "Giới tính", "Sex", FormFieldType.Choice, true, ["Nam", "Nữ"]),
        new("cccd", "Số định danh", "Identity number", FormFieldType.IdentityNumber, true),
        new("dia-chi", "Địa chỉ", "Address", FormFieldType.Address, true),
    ];

    private static bool IsCommune(string code) => code == "90001";

    [Fact]
    public void Good_values_are_stored_in_one_form()
    {
        var (values, errors) = EForm.Validate(Definition, new Dictionary<string, string?>
        {
            ["ho-ten"] = " Trần Thị Bích ",
            ["so-tang"] = "3",
            ["ngay-sinh"] = "05/09/2026",
            ["gioi-tinh"] = "Nữ",
            ["cccd"] = "094123456789",
            ["dia-chi"] = "12 Lê Lợi",
            ["dia-chi.commune"] = "90001",
            ["unknown"] = "dropped",
        }, IsCommune);

        Assert.Empty(errors);
        Assert.Equal("Trần Thị Bích", values["ho-ten"]);
        Assert.Equal("2026-09-05", values["ngay-sinh"]);
        Assert.Equal("90001", values["dia-chi.commune"]);
        Assert.False(values.ContainsKey("unknown"));
    }

    [Fact]
    public void Each_wrong_value_is_named()
    {
        var (_, errors) = EForm.Validate(Definition, new Dictionary<string, string?>
        {
            ["ho-ten"] = new string('x', 21),
            ["so-tang"] = "ba",
            ["ngay-sinh"] = "31/02/2026",
            ["gioi-tinh"] = "Khác",
            ["cccd"] = "123",
            ["dia-chi"] = "12 Lê Lợi",
            ["dia-chi.commune"] = "99999",
        }, IsCommune);

        Assert.Equal(["fields.cccd", "fields.dia-chi.commune", "fields.gioi-tinh", "fields.ho-ten", "fields.ngay-sinh", "fields.so-tang"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("12 digits", errors["fields.cccd"][0], StringComparison.Ordinal);
        Assert.Contains("Nam, Nữ", errors["fields.gioi-tinh"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Required_fields_left_empty_are_named_and_optional_ones_are_not()
    {
        var (_, errors) = EForm.Validate(Definition, new Dictionary<string, string?>(), IsCommune);
        Assert.Equal(["fields.cccd", "fields.dia-chi", "fields.gioi-tinh", "fields.ho-ten", "fields.ngay-sinh"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("094123456789", true)]
    [InlineData("001099000001", true)]
    [InlineData("000123456789", false)] // no province 000
    [InlineData("097123456789", false)]
    [InlineData("09412345678", false)]
    [InlineData("09412345678a", false)]
    public void Identity_numbers_are_12_digits_with_a_province_code(string value, bool valid) => Assert.Equal(valid, IdentityNumbers.IsValid(value));

    [Fact]
    public void A_definition_names_its_own_mistakes()
    {
        var bad = new ProcedureDefinition("bad code!", "", "", "", (ProcedureLevel)7, "", [new RequiredDocument("Bad Code", "", "", true), new RequiredDocument("Bad Code", "x", "", true)], [], -1, null, -2, null, false,
            [new FormField("1x", "", "", FormFieldType.Choice, true)]).Normalized();
        var errors = bad.Validate();
        foreach (var key in new[] { "code", "nameVi", "field", "level", "agency", "processingDays", "feeVnd", "documents[0].code", "documents[0].nameVi", "formFields[0].key", "formFields[0].labelVi", "formFields[0].options" })
        {
            Assert.True(errors.ContainsKey(key), $"no error for {key}: {string.Join(", ", errors.Keys)}");
        }
    }
}
