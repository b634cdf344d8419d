-- Stolen-vehicle registry (theft, recovery, cancellation with a timeline), licence-plate reader cameras, plate reads
-- partitioned by day, and what alerts need to carry a vehicle hit. Registry tables carry entidad in their primary key
-- (Citus distribution column); plate_reads by the entidad of the camera.

CREATE TABLE vehicle_reports (
  entidad            char(2) NOT NULL REFERENCES entidades(code),   -- entidad that reported the theft
  id                 bigserial NOT NULL,
  institution_id     bigint NOT NULL REFERENCES institutions(id),
  source             text NOT NULL,
  external_id        text NOT NULL,
  version            integer NOT NULL DEFAULT 1,
  status             text NOT NULL CHECK (status IN ('stolen', 'recovered', 'cancelled')),
  plate              text,                    -- normalised (uppercase, no separators)
  plate_ocr_key      text,                    -- OCR-confusion key (src/matching/plate.ts)
  plate_entidad      char(2) REFERENCES entidades(code),
  vin                text,
  vin_check_ok       boolean,
  make               text NOT NULL,
  model              text,
  year               integer,
  color              text,
  with_violence      boolean NOT NULL,
  stolen_at          timestamptz NOT NULL,
  lat                double precision,
  lon                double precision,
  place              text,
  carpeta            text,                    -- prosecutor's file number (carpeta de investigación)
  recovered_at       timestamptz,
  recovery           jsonb,                   -- { lat, lon, place, condition, institution_id, institution_name }
  cancelled_at       timestamptz,
  status_reason      text,
  created_at         timestamptz NOT NULL,
  created_by         jsonb NOT NULL,
  updated_at         timestamptz NOT NULL,
  updated_by         jsonb NOT NULL,
  PRIMARY KEY (entidad, id),
  UNIQUE (entidad, source, external_id),
  CHECK (plate IS NOT NULL OR vin IS NOT NULL)
);
CREATE INDEX vehicle_reports_plate_idx ON vehicle_reports (plate_ocr_key);
CREATE INDEX vehicle_reports_vin_idx ON vehicle_reports (vin) WHERE vin IS NOT NULL;
CREATE INDEX vehicle_reports_stolen_idx ON vehicle_reports (entidad, stolen_at DESC);

-- The timeline of a report: reported, recovered, cancelled, corrected — appended, never changed.
CREATE TABLE vehicle_report_events (
  entidad      char(2) NOT NULL,
  report_id    bigint NOT NULL,
  seq          integer NOT NULL,
  kind         text NOT NULL,
  at           timestamptz NOT NULL,
  data         jsonb NOT NULL,
  recorded_at  timestamptz NOT NULL,
  recorded_by  jsonb NOT NULL,
  PRIMARY KEY (entidad, report_id, seq),
  FOREIGN KEY (entidad, report_id) REFERENCES vehicle_reports(entidad, id)
);

-- Licence-plate readers (arcos / LPR cameras), registered by an institution with their location.
CREATE TABLE lpr_cameras (
  entidad         char(2) NOT NULL REFERENCES entidades(code),
  id              bigserial NOT NULL,
  institution_id  bigint NOT NULL REFERENCES institutions(id),
  code            text NOT NULL,
  name            text NOT NULL,
  lat             double precision NOT NULL,
  lon             double precision NOT NULL,
  direction       text,
  active          boolean NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL,
  created_by      jsonb NOT NULL,
  PRIMARY KEY (entidad, id),
  UNIQUE (entidad, institution_id, code)
);

-- Every plate read, partitioned by day of read_at (partitions are created on demand and dropped past retention).
-- The key (camera, read_at, read_key) makes a re-sent read a duplicate; read_key is the client's read id or the
-- first candidate as read.
CREATE TABLE plate_reads (
  entidad      char(2) NOT NULL,           -- entidad of the camera
  read_at      timestamptz NOT NULL,
  camera_id    bigint NOT NULL,
  read_key     text NOT NULL,
  plate        text NOT NULL,              -- best candidate that fits a Mexican format, normalised
  ocr_key      text NOT NULL,
  confidence   real,
  candidates   text NOT NULL,              -- every candidate as read, 'PLATE:conf' separated by spaces
  lat          double precision,
  lon          double precision,
  direction    text,
  image_ref    text,
  hit_report   bigint,                     -- the stolen report it hit, if any
  received_at  timestamptz NOT NULL,
  PRIMARY KEY (entidad, camera_id, read_at, read_key)
) PARTITION BY RANGE (read_at);
CREATE INDEX plate_reads_ocr_idx ON plate_reads (ocr_key, read_at);

-- Vehicle alerts share the alerts table with person alerts: a kind, a payload with the vehicle, the read and the
-- camera; person-only columns become nullable; the C5 workflow adds dispatched and recovered.
ALTER TABLE alerts ADD COLUMN kind text NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'vehicle'));
ALTER TABLE alerts ADD COLUMN payload jsonb;
ALTER TABLE alerts ADD COLUMN dispatched_at timestamptz;
ALTER TABLE alerts ADD COLUMN dispatched_by jsonb;
ALTER TABLE alerts ALTER COLUMN target_summary DROP NOT NULL;
ALTER TABLE alerts ALTER COLUMN mention_persona DROP NOT NULL;
ALTER TABLE alerts DROP CONSTRAINT alerts_trigger_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_trigger_check CHECK (trigger IN ('listing', 'mention', 'read'));
ALTER TABLE alerts DROP CONSTRAINT alerts_status_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_status_check CHECK (status IN ('new', 'acknowledged', 'confirmed', 'dismissed', 'dispatched', 'recovered'));
ALTER TABLE alerts ADD CONSTRAINT alerts_kind_shape CHECK (kind = 'vehicle' OR (target_summary IS NOT NULL AND mention_persona IS NOT NULL));
