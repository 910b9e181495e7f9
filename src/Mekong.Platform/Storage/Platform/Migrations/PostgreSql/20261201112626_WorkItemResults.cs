using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Platform.Storage.Platform.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class WorkItemResults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Jurisdiction",
                schema: "platform",
                table: "work_items",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResultJson",
                schema: "platform",
                table: "work_items",
                type: "character varying(65536)",
                maxLength: 65536,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResultLink",
                schema: "platform",
                table: "work_items",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_work_items_State_UpdatedAt",
                schema: "platform",
                table: "work_items",
                columns: new[] { "State", "UpdatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_work_items_State_UpdatedAt",
                schema: "platform",
                table: "work_items");

            migrationBuilder.DropColumn(
                name: "Jurisdiction",
                schema: "platform",
                table: "work_items");

            migrationBuilder.DropColumn(
                name: "ResultJson",
                schema: "platform",
                table: "work_items");

            migrationBuilder.DropColumn(
                name: "ResultLink",
                schema: "platform",
                table: "work_items");
        }
    }
}
