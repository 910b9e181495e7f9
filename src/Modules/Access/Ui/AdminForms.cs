using Microsoft.AspNetCore.Components.Forms;

namespace Mekong.Modules.Access.Ui;

internal static class AdminForms
{
    /// <summary>
    /// Puts a handler's field errors (keyed <c>email</c>, <c>role</c>...) on the form's fields, so the inputs say
    /// <c>aria-invalid</c>; the page renders the messages themselves next to each field.
    /// </summary>
    public static void MarkInvalid(EditContext context, IDictionary<string, string[]> errors)
    {
        var store = new ValidationMessageStore(context);
        foreach (var (field, messages) in errors)
        {
            var property = char.ToUpperInvariant(field[0]) + field[1..];
            store.Add(context.Field(property), messages);
        }

        context.NotifyValidationStateChanged();
    }
}
