using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.Cameras.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cameras_cameras",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Latitude = table.Column<double>(type: "REAL", nullable: false),
                    Longitude = table.Column<double>(type: "REAL", nullable: false),
                    CommuneCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Vendor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Model = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    OwnerAgency = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Contractor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    NetworkSegment = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PowerFeeder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RtspMainUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RtspSubUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    SnapshotUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    OnvifUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Credentials = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    InstalledOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Fault = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    StateSince = table.Column<long>(type: "INTEGER", nullable: false),
                    PendingState = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PendingCount = table.Column<int>(type: "INTEGER", nullable: false),
                    LastCheckedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastOnlineAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastOfflineAt = table.Column<long>(type: "INTEGER", nullable: true),
                    NextCheckAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FailuresInRow = table.Column<int>(type: "INTEGER", nullable: false),
                    LatencyMs = table.Column<int>(type: "INTEGER", nullable: false),
                    OnlineSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    DegradedSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    OfflineSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    MaintenanceUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    LastThumbnail = table.Column<byte[]>(type: "BLOB", maxLength: 1024, nullable: true),
                    ReferenceThumbnail = table.Column<byte[]>(type: "BLOB", maxLength: 1024, nullable: true),
                    SnapshotFileId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    SnapshotAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UnchangedInRow = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cameras_cameras", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cameras_state_changes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CameraId = table.Column<Guid>(type: "TEXT", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Fault = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cameras_state_changes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_cameras_state_changes_cameras_cameras_CameraId",
                        column: x => x.CameraId,
                        principalTable: "cameras_cameras",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cameras_cameras_JurisdictionCode_Code",
                table: "cameras_cameras",
                columns: new[] { "JurisdictionCode", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cameras_cameras_JurisdictionCode_CommuneCode",
                table: "cameras_cameras",
                columns: new[] { "JurisdictionCode", "CommuneCode" });

            migrationBuilder.CreateIndex(
                name: "IX_cameras_cameras_JurisdictionCode_Type_State",
                table: "cameras_cameras",
                columns: new[] { "JurisdictionCode", "Type", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_cameras_cameras_NextCheckAt",
                table: "cameras_cameras",
                column: "NextCheckAt");

            migrationBuilder.CreateIndex(
                name: "IX_cameras_state_changes_CameraId_At",
                table: "cameras_state_changes",
                columns: new[] { "CameraId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cameras_state_changes");

            migrationBuilder.DropTable(
                name: "cameras_cameras");
        }
    }
}
