import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../../../common/roles';

// A machine client's key. Only a SHA-256 of the secret is kept; the key is shown once.
@Entity('api_keys')
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  prefix!: string;

  @Column('text', { name: 'secret_hash', select: false })
  secretHash!: string;

  @Column('text')
  name!: string;

  @Column('text')
  role!: Role;

  @Column('uuid', { name: 'organisation_id', nullable: true })
  organisationId!: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  scopes!: string[];

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
