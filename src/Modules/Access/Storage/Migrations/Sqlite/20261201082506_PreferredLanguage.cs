using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.Access.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PreferredLanguage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PreferredLanguage",
                table: "access_users",
                type: "TEXT",
                maxLength: 8,
                nullable: false,
                defaultValue: "vi");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PreferredLanguage",
                table: "access_users");
        }
    }
}
