/** A vehicle alert as GET /api/alerts?kind=vehicle and the SSE stream present it. */
export interface VehicleAlert {
  id: number;
  kind: 'vehicle';
  side: 'issuer' | 'hit';
  status: 'new' | 'acknowledged' | 'dispatched' | 'recovered' | 'dismissed';
  created_at: string;
  score: number;
  algorithm: string;
  hit: { entidad: string; label: string | null; observed_at: string };
  issuer: { entidad: string };
  report_id: number;
  vehicle: {
    report: { id: number; entidad: string; institution_name: string; plate: string | null; vin: string | null; make: string; model: string | null; year: number | null; color: string | null; with_violence: boolean; stolen_at: string; lat: number | null; lon: number | null; place: string | null; carpeta: string | null };
    read: { reading: string; distance: number; candidates: { plate: string; confidence?: number }[]; read_at: string; lat: number; lon: number; direction: string | null; image_ref: string | null; camera: { id: number; entidad: string; code: string; name: string; lat: number; lon: number } };
  };
}

export interface ReadPoint { read_at: string; camera_code: string; camera_name: string; lat: number; lon: number; entidad: string }

export interface VehicleReport {
  id: number; entidad: string; status: 'stolen' | 'recovered' | 'cancelled'; plate: string | null; plate_entidad: string | null; vin: string | null; make: string; model: string | null;
  year: number | null; color: string | null; with_violence: boolean; stolen_at: string; recovered_at: string | null; place: string | null; carpeta: string | null; institution_name?: string;
}
