using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.Cameras.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "cameras");

            migrationBuilder.CreateTable(
                name: "cameras",
                schema: "cameras",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Latitude = table.Column<double>(type: "double precision", nullable: false),
                    Longitude = table.Column<double>(type: "double precision", nullable: false),
                    CommuneCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Vendor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Model = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    OwnerAgency = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Contractor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    NetworkSegment = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PowerFeeder = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RtspMainUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    RtspSubUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    SnapshotUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    OnvifUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Credentials = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Tags = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    InstalledOn = table.Column<DateOnly>(type: "date", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Fault = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    StateSince = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PendingState = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PendingCount = table.Column<int>(type: "integer", nullable: false),
                    LastCheckedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastOnlineAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastOfflineAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NextCheckAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FailuresInRow = table.Column<int>(type: "integer", nullable: false),
                    LatencyMs = table.Column<int>(type: "integer", nullable: false),
                    OnlineSeconds = table.Column<long>(type: "bigint", nullable: false),
                    DegradedSeconds = table.Column<long>(type: "bigint", nullable: false),
                    OfflineSeconds = table.Column<long>(type: "bigint", nullable: false),
                    MaintenanceUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastThumbnail = table.Column<byte[]>(type: "bytea", maxLength: 1024, nullable: true),
                    ReferenceThumbnail = table.Column<byte[]>(type: "bytea", maxLength: 1024, nullable: true),
                    SnapshotFileId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    SnapshotAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UnchangedInRow = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cameras", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "state_changes",
                schema: "cameras",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CameraId = table.Column<Guid>(type: "uuid", nullable: false),
                    From = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    To = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Fault = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_state_changes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_state_changes_cameras_CameraId",
                        column: x => x.CameraId,
                        principalSchema: "cameras",
                        principalTable: "cameras",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cameras_JurisdictionCode_Code",
                schema: "cameras",
                table: "cameras",
                columns: new[] { "JurisdictionCode", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cameras_JurisdictionCode_CommuneCode",
                schema: "cameras",
                table: "cameras",
                columns: new[] { "JurisdictionCode", "CommuneCode" });

            migrationBuilder.CreateIndex(
                name: "IX_cameras_JurisdictionCode_Type_State",
                schema: "cameras",
                table: "cameras",
                columns: new[] { "JurisdictionCode", "Type", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_cameras_NextCheckAt",
                schema: "cameras",
                table: "cameras",
                column: "NextCheckAt");

            migrationBuilder.CreateIndex(
                name: "IX_state_changes_CameraId_At",
                schema: "cameras",
                table: "state_changes",
                columns: new[] { "CameraId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "state_changes",
                schema: "cameras");

            migrationBuilder.DropTable(
                name: "cameras",
                schema: "cameras");
        }
    }
}
