import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface SavedSearch {
  id: string;
  name: string;
  // The search's query string (without page), as the search page builds its links.
  query: string;
  createdAt: Date;
}

// A user's named searches; each user sees only their own.
@Injectable()
export class SavedSearchRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async listFor(userId: string): Promise<SavedSearch[]> {
    const rows: Array<{ id: string; name: string; query: string; created_at: Date }> =
      await this.ds.query(
        `SELECT id, name, query, created_at FROM saved_searches WHERE user_id = $1 ORDER BY name`,
        [userId],
      );
    return rows.map((r) => ({ id: r.id, name: r.name, query: r.query, createdAt: r.created_at }));
  }

  // Saving under an existing name replaces that search's query.
  async save(userId: string, name: string, query: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO saved_searches (user_id, name, query) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, name) DO UPDATE SET query = EXCLUDED.query, created_at = now()`,
      [userId, name, query],
    );
  }

  // True when a search of this user's was deleted.
  async remove(userId: string, id: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `DELETE FROM saved_searches WHERE id = $1 AND user_id = $2 RETURNING id`,
      [id, userId],
    );
    return rows.length > 0;
  }
}
