import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

// A signed-in person's session; the token itself is never stored, only its SHA-256.
@Entity('sessions')
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text', { name: 'token_hash', select: false })
  tokenHash!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
