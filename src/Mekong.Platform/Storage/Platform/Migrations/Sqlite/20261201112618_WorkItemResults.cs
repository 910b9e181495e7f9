using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Platform.Storage.Platform.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WorkItemResults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Jurisdiction",
                table: "platform_work_items",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResultJson",
                table: "platform_work_items",
                type: "TEXT",
                maxLength: 65536,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResultLink",
                table: "platform_work_items",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_platform_work_items_State_UpdatedAt",
                table: "platform_work_items",
                columns: new[] { "State", "UpdatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_platform_work_items_State_UpdatedAt",
                table: "platform_work_items");

            migrationBuilder.DropColumn(
                name: "Jurisdiction",
                table: "platform_work_items");

            migrationBuilder.DropColumn(
                name: "ResultJson",
                table: "platform_work_items");

            migrationBuilder.DropColumn(
                name: "ResultLink",
                table: "platform_work_items");
        }
    }
}
