import {
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Accreditation, OrganisationKind } from './organisation-kinds';
import { RepresentedOwner } from './represented-owner.entity';

// A complainant organisation: a rights holder, or a vendor/law firm acting for owners.
@Entity('organisations')
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  kind!: OrganisationKind;

  @Column('text', { default: Accreditation.Pending })
  accreditation!: Accreditation;

  @Column('text', { name: 'accreditation_note', nullable: true })
  accreditationNote!: string | null;

  @Column('text', { name: 'contact_email', nullable: true })
  contactEmail!: string | null;

  @Column('text', { name: 'postal_address', nullable: true })
  postalAddress!: string | null;

  // Addresses its e-mailed notices come from (e-mail intake recognises senders by these).
  @Column('text', { name: 'sender_addresses', array: true, default: () => "'{}'" })
  senderAddresses!: string[];

  @OneToMany(() => RepresentedOwner, (o) => o.organisation)
  owners?: RepresentedOwner[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
