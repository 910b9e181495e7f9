using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.Reports.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HNotify : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "reports_reports",
                type: "TEXT",
                maxLength: 8,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "OutsideWebhookId",
                table: "reports_categories",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_reports_reports_DuplicateOfId",
                table: "reports_reports",
                column: "DuplicateOfId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_reports_reports_DuplicateOfId",
                table: "reports_reports");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "reports_reports");

            migrationBuilder.DropColumn(
                name: "OutsideWebhookId",
                table: "reports_categories");
        }
    }
}
