using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.News.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "news");

            migrationBuilder.CreateTable(
                name: "articles",
                schema: "news",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Slug = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Category = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Summary = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Body = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: false),
                    BodyHtml = table.Column<string>(type: "text", nullable: false),
                    SearchKey = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ImageHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Pinned = table.Column<bool>(type: "boolean", nullable: false),
                    Author = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AuthorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Reviewer = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ReviewNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PublishAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Announced = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_articles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "feed_sources",
                schema: "news",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    ETag = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LastModified = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LastFetchedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastSuccessAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    LastNewItems = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_feed_sources", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "media_items",
                schema: "news",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    SourceId = table.Column<Guid>(type: "uuid", nullable: false),
                    SourceName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Summary = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Link = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    LinkKey = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    TitleKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    SearchKey = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FetchedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_media_items", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_articles_JurisdictionCode_Slug",
                schema: "news",
                table: "articles",
                columns: new[] { "JurisdictionCode", "Slug" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_articles_JurisdictionCode_Status_Pinned_PublishAt_Slug",
                schema: "news",
                table: "articles",
                columns: new[] { "JurisdictionCode", "Status", "Pinned", "PublishAt", "Slug" });

            migrationBuilder.CreateIndex(
                name: "IX_articles_JurisdictionCode_UpdatedAt",
                schema: "news",
                table: "articles",
                columns: new[] { "JurisdictionCode", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_feed_sources_JurisdictionCode_Name",
                schema: "news",
                table: "feed_sources",
                columns: new[] { "JurisdictionCode", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_media_items_JurisdictionCode_LinkKey",
                schema: "news",
                table: "media_items",
                columns: new[] { "JurisdictionCode", "LinkKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_media_items_JurisdictionCode_PublishedAt",
                schema: "news",
                table: "media_items",
                columns: new[] { "JurisdictionCode", "PublishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_media_items_JurisdictionCode_TitleKey",
                schema: "news",
                table: "media_items",
                columns: new[] { "JurisdictionCode", "TitleKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "articles",
                schema: "news");

            migrationBuilder.DropTable(
                name: "feed_sources",
                schema: "news");

            migrationBuilder.DropTable(
                name: "media_items",
                schema: "news");
        }
    }
}
