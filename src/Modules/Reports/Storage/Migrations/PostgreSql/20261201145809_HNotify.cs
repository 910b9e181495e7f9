using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.Reports.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class HNotify : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Language",
                schema: "reports",
                table: "reports",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "OutsideWebhookId",
                schema: "reports",
                table: "categories",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_reports_DuplicateOfId",
                schema: "reports",
                table: "reports",
                column: "DuplicateOfId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_reports_DuplicateOfId",
                schema: "reports",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "Language",
                schema: "reports",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "OutsideWebhookId",
                schema: "reports",
                table: "categories");
        }
    }
}
