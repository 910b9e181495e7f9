using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.Access.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class HCases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CommuneCode",
                schema: "access",
                table: "users",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsUnitHead",
                schema: "access",
                table: "users",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CommuneCode",
                schema: "access",
                table: "users");

            migrationBuilder.DropColumn(
                name: "IsUnitHead",
                schema: "access",
                table: "users");
        }
    }
}
